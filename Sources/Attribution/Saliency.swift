import NeuralNet
import Tensors

/// Saliency (Simonyan, Vedaldi & Zisserman 2014, "Deep inside convolutional networks"):
///
///     M = ∂S_c/∂x  at x,   S_c the score of class c before the softmax
///
/// The defaults give the raw, signed gradient — METHODS.md's definition for paper 003, and
/// what the other gradient methods return. Simonyan's own image map is max_c |M_c|:
/// `Saliency(absolute: true, channelReduction: .maxAbs)`.
public struct Saliency: ConfigurableMethod, Sendable {
    public static let name = "saliency"
    /// |M| instead of M (applied before the channel reduction).
    public let absolute: Bool
    public let channelReduction: ChannelReduction
    /// Items per forward/backward pass: bounds the memory of the activations, not the result.
    public let batchSize: Int

    public init(absolute: Bool = false, channelReduction: ChannelReduction = .none, batchSize: Int = 64) {
        precondition(batchSize > 0, "saliency: batch size must be positive, got \(batchSize)")
        self.absolute = absolute
        self.channelReduction = channelReduction
        self.batchSize = batchSize
    }

    /// Spec options: `channelReduction` (none), `absolute` (false).
    public init(_ p: some MethodParameters) throws {
        let reduction = try p.choice("channelReduction", default: ChannelReduction.none)
        self.init(absolute: try p.flag("absolute", default: false), channelReduction: reduction)
    }

    public func attribute(_ network: Network, inputs: Tensor, target: AttributionTarget) -> Tensor {
        Self.finish(InputGradients.of(network, inputs: inputs, target: target, reluRule: .standard, batchSize: batchSize),
                    absolute: absolute, channelReduction: channelReduction)
    }

    /// |·| if asked, then the channel reduction; SmoothGrad finishes its mean gradient the same way,
    /// so that at σ = 0 it is exactly this map. `maps` must be the caller's own tensor: it is
    /// changed in place.
    static func finish(_ maps: Tensor, absolute: Bool, channelReduction: ChannelReduction) -> Tensor {
        if absolute {
            withExtendedLifetime(maps) {
                let p = maps.data
                for i in 0..<maps.count { p[i] = abs(p[i]) }
            }
        }
        return channelReduction.apply(maps)
    }
}
