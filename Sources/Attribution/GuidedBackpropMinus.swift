import NeuralNet
import Tensors

/// Guided Backprop Minus (paper 003): Guided Backpropagation's negative half (Springenberg et
/// al. 2015 keep the positive one) — each ReLU passes back only the negative signal, and only
/// where its forward input was positive,
///
///     R_l = [x_l > 0] · min(R_{l+1}, 0)
public struct GuidedBackpropMinus: ConfigurableMethod, Sendable {
    public static let name = "guided-backprop-minus"
    public let channelReduction: ChannelReduction
    /// Items per forward/backward pass: bounds the memory of the activations, not the result.
    public let batchSize: Int

    public init(channelReduction: ChannelReduction = .none, batchSize: Int = 64) {
        precondition(batchSize > 0, "guided backprop minus: batch size must be positive, got \(batchSize)")
        self.channelReduction = channelReduction
        self.batchSize = batchSize
    }

    /// Spec option: `channelReduction` (none).
    public init(_ p: some MethodParameters) throws {
        self.init(channelReduction: try p.choice("channelReduction", default: ChannelReduction.none))
    }

    public func attribute(_ network: Network, inputs: Tensor, target: AttributionTarget) -> Tensor {
        channelReduction.apply(InputGradients.of(network, inputs: inputs, target: target,
                                                 reluRule: .guidedMinus, batchSize: batchSize))
    }
}
