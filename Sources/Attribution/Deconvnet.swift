import NeuralNet
import Tensors

/// Deconvnet (Zeiler & Fergus 2014), as the backward pass Springenberg et al. (2015) show it
/// to be: the gradient of S_c, except that each ReLU passes back the positive part of the
/// signal from above, whatever the sign of its forward input,
///
///     R_l = max(R_{l+1}, 0)        (the gradient would be R_{l+1} · [x_l > 0])
///
/// No ReLU reads the input then. In a network without max-pool switches — convolutions,
/// BatchNorm in evaluation mode, average pooling, linear layers: the CIFAR ResNet-18 — nothing
/// in the backward pass does, so every image explained for one class gets the same map and its
/// drift only follows the weights (METHODS.md, paper 003). Max-pooling routes the signal through
/// the forward argmaxes, Zeiler & Fergus's switches, the one place the input enters.
public struct Deconvnet: ConfigurableMethod, Sendable {
    public static let name = "deconvnet"
    public let channelReduction: ChannelReduction
    /// Items per forward/backward pass: bounds the memory of the activations, not the result.
    public let batchSize: Int

    public init(channelReduction: ChannelReduction = .none, batchSize: Int = 64) {
        precondition(batchSize > 0, "deconvnet: batch size must be positive, got \(batchSize)")
        self.channelReduction = channelReduction
        self.batchSize = batchSize
    }

    /// Spec option: `channelReduction` (none).
    public init(_ p: some MethodParameters) throws {
        self.init(channelReduction: try p.choice("channelReduction", default: ChannelReduction.none))
    }

    public func attribute(_ network: Network, inputs: Tensor, target: AttributionTarget) -> Tensor {
        channelReduction.apply(InputGradients.of(network, inputs: inputs, target: target,
                                                 reluRule: .deconvnet, batchSize: batchSize))
    }
}
