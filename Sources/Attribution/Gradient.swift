import NeuralNet
import Tensors

/// The gradient map (Simonyan et al. 2014), paper 000's baseline in its regression form:
///
///     G_t = ∂y_t/∂x_t
///
/// the raw derivative of the explained output w.r.t. the input — no absolute value, no softmax.
/// Computed in evaluation mode, where every item's output depends on that item alone, so one
/// backward pass seeded with 1 at each item's explained output gives all items' gradients.
/// (`Saliency` is the same derivative for images, with paper 003's options.)
public struct Gradient: ConfigurableMethod, Sendable {
    public static let name = "gradient"
    /// Items per forward/backward pass: bounds the memory of the activations, not the result.
    public let batchSize: Int

    public init(batchSize: Int = 1024) {
        precondition(batchSize > 0, "Gradient: batch size must be positive, got \(batchSize)")
        self.batchSize = batchSize
    }

    /// No spec options.
    public init(_ p: some MethodParameters) throws { self.init() }

    public func attribute(_ network: Network, inputs: Tensor, target: AttributionTarget) -> Tensor {
        InputGradients.of(network, inputs: inputs, target: target, reluRule: .standard, batchSize: batchSize)
    }
}
