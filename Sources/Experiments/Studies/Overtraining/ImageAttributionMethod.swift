import Attribution

extension ImageAttributionSpec {
    /// The configured method of the Attribution module.
    var configured: AttributionMethod {
        let reduction = ChannelReduction(rawValue: channelReduction == "max-abs" ? "maxAbs" : channelReduction) ?? .none
        let upsample = Upsampling(rawValue: upsampling) ?? .bilinear
        switch method {
        case "saliency": return Saliency(absolute: absolute, channelReduction: reduction)
        case "smoothgrad":
            return SmoothGrad(samples: samples, noiseFraction: Float(noiseFraction), seed: UInt64(noiseSeed),
                              absolute: absolute, channelReduction: reduction)
        case "deconvnet": return Deconvnet(channelReduction: reduction)
        case "guided-backprop": return GuidedBackprop(channelReduction: reduction)
        case "guided-backprop-minus": return GuidedBackpropMinus(channelReduction: reduction)
        case "grad-cam": return GradCAM(layer: layer, upsampling: upsample)
        case "guided-grad-cam": return GuidedGradCAM(layer: layer, upsampling: upsample, channelReduction: reduction)
        default:
            return IntegratedGradients(baseline: baseline == 0 ? .zeros : .constant(Float(baseline)), steps: steps,
                                       channelReduction: reduction)
        }
    }
}
