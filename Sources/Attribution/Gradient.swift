import NeuralNet
import Tensors

/// The gradient map (Simonyan et al. 2014), paper 000's baseline in its regression form:
///
///     G_t = ∂y_t/∂x_t
///
/// the raw derivative of the explained output w.r.t. the input — no absolute value, no softmax.
/// Computed in evaluation mode, where every item's output depends on that item alone, so one
/// backward pass seeded with 1 at each item's explained output gives all items' gradients.
public struct Gradient: AttributionMethod {
    public var name: String { "gradient" }
    /// Items per forward/backward pass: bounds the memory of the activations, not the result.
    public let batchSize: Int

    public init(batchSize: Int = 1024) {
        precondition(batchSize > 0, "Gradient: batch size must be positive, got \(batchSize)")
        self.batchSize = batchSize
    }

    public func attribute(_ network: Network, inputs: Tensor, target: AttributionTarget) -> Tensor {
        let n = inputs.shape[0]
        let per = inputs.shape.countPerItem
        let result = Tensor(uninitialized: inputs.shape)
        for start in stride(from: 0, to: n, by: batchSize) {
            let range = start..<min(start + batchSize, n)
            let chunkTarget = target.items(range)
            let (_, gradient) = network.inputGradient(inputs.items(range), mode: .evaluation, reluRule: .standard,
                                                      seed: { chunkTarget.seed(for: $0) })
            // The copy reads through a raw pointer: keep its tensor alive until the copy is done.
            withExtendedLifetime(gradient) {
                (result.data + start * per).update(from: gradient.data, count: range.count * per)
            }
        }
        return result
    }
}
