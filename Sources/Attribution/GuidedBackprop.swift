import NeuralNet
import Tensors

/// Guided Backpropagation (Springenberg, Dosovitskiy, Brox & Riedmiller 2015): the gradient of
/// S_c, except that each ReLU passes back only the positive signal, and only where its forward
/// input was positive — the gradient's mask and Deconvnet's together,
///
///     R_l = [x_l > 0] · max(R_{l+1}, 0)
public struct GuidedBackprop: ConfigurableMethod, Sendable {
    public static let name = "guided-backprop"
    public let channelReduction: ChannelReduction
    /// Items per forward/backward pass: bounds the memory of the activations, not the result.
    public let batchSize: Int

    public init(channelReduction: ChannelReduction = .none, batchSize: Int = 64) {
        precondition(batchSize > 0, "guided backprop: batch size must be positive, got \(batchSize)")
        self.channelReduction = channelReduction
        self.batchSize = batchSize
    }

    /// Spec option: `channelReduction` (none).
    public init(_ p: some MethodParameters) throws {
        self.init(channelReduction: try p.choice("channelReduction", default: ChannelReduction.none))
    }

    public func attribute(_ network: Network, inputs: Tensor, target: AttributionTarget) -> Tensor {
        channelReduction.apply(InputGradients.of(network, inputs: inputs, target: target,
                                                 reluRule: .guided, batchSize: batchSize))
    }
}
