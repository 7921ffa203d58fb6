import Attribution

extension ImageAttributionSpec {
    /// The configured method of the Attribution module.
    var configured: AttributionMethod {
        switch method {
        case .saliency: return Saliency(absolute: absolute, channelReduction: channelReduction)
        case .smoothgrad:
            return SmoothGrad(samples: samples, noiseFraction: Float(noiseFraction), seed: UInt64(noiseSeed),
                              absolute: absolute, channelReduction: channelReduction)
        case .deconvnet: return Deconvnet(channelReduction: channelReduction)
        case .guidedBackprop: return GuidedBackprop(channelReduction: channelReduction)
        case .guidedBackpropMinus: return GuidedBackpropMinus(channelReduction: channelReduction)
        case .gradCAM: return GradCAM(layer: layer, upsampling: upsampling)
        case .guidedGradCAM: return GuidedGradCAM(layer: layer, upsampling: upsampling, channelReduction: channelReduction)
        case .integratedGradients:
            return IntegratedGradients(baseline: baseline == 0 ? .zeros : .constant(Float(baseline)), steps: steps,
                                       channelReduction: channelReduction)
        }
    }
}
