import NeuralNet
import Tensors

/// Guided Grad-CAM (Selvaraju et al. 2017): Guided Backprop's fine detail masked by Grad-CAM's
/// class localisation,
///
///     G = GB ⊙ upsample(L),     L broadcast over the input's channels
///
/// with GB Guided Backpropagation (Springenberg et al. 2015) and L Grad-CAM resized to the
/// input's H×W. (N, C, H, W) before the channel reduction, like the other gradient methods.
public struct GuidedGradCAM: ConfigurableMethod, LayerMethod, Sendable {
    public static let name = "guided-grad-cam"
    public let gradCAM: GradCAM
    /// Without a channel reduction of its own: the reduction comes after the product.
    public let guidedBackprop: GuidedBackprop
    public let channelReduction: ChannelReduction
    public var layer: String? { gradCAM.layer }

    /// - Parameters: as `GradCAM`'s; `batchSize` is used by both passes.
    public init(layer: String? = nil, upsampling: Upsampling = .bilinear,
                channelReduction: ChannelReduction = .none, batchSize: Int = 64) {
        gradCAM = GradCAM(layer: layer, upsampling: upsampling, batchSize: batchSize)
        guidedBackprop = GuidedBackprop(channelReduction: .none, batchSize: batchSize)
        self.channelReduction = channelReduction
    }

    /// Spec options: `channelReduction` (none), `layer` and `upsampling` as Grad-CAM's.
    public init(_ p: some MethodParameters) throws {
        let reduction = try p.choice("channelReduction", default: ChannelReduction.none)
        let layer = try p.text("layer")
        self.init(layer: layer, upsampling: try p.choice("upsampling", default: Upsampling.bilinear), channelReduction: reduction)
    }

    public func attribute(_ network: Network, inputs: Tensor, target: AttributionTarget) -> Tensor {
        let cam = gradCAM.attribute(network, inputs: inputs, target: target)  // (N, 1, H, W)
        let product = guidedBackprop.attribute(network, inputs: inputs, target: target)  // (N, C, H, W)
        let (n, c, s) = (product.shape[0], product.shape[1], product.shape[2] * product.shape[3])
        withExtendedLifetime(cam) {
            for i in 0..<n {
                let weight = cam.data + i * s
                for ch in 0..<c {
                    let plane = product.data + (i * c + ch) * s
                    for j in 0..<s { plane[j] *= weight[j] }
                }
            }
        }
        return channelReduction.apply(product)
    }
}
