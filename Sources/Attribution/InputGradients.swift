import NeuralNet
import Tensors

/// The backward passes every gradient-based method shares: in evaluation mode (BatchNorm's
/// running statistics, no dropout), where each item's output depends on that item alone, so one
/// pass seeded with 1 at each item's explained score gives every item's gradient; and without
/// parameter gradients, which attribution never needs.
enum InputGradients {
    /// ∂S/∂x of every item under `reluRule`, in passes of at most `batchSize` items
    /// (`batchSize` bounds the activations' memory; it does not change the maps).
    static func of(_ network: Network, inputs: Tensor, target: AttributionTarget,
                   reluRule: ReLURule, batchSize: Int) -> Tensor {
        precondition(batchSize > 0, "attribution batch size must be positive, got \(batchSize)")
        let n = inputs.shape[0]
        let per = inputs.shape.countPerItem
        let result = Tensor(uninitialized: inputs.shape)
        for start in stride(from: 0, to: n, by: batchSize) {
            let range = start..<min(start + batchSize, n)
            let chunkTarget = target.items(range)
            let (_, gradient) = network.inputGradient(inputs.items(range), mode: .evaluation, reluRule: reluRule,
                                                      seed: { chunkTarget.seed(for: $0) })
            // The copy reads through a raw pointer: keep its tensor alive until the copy is done.
            withExtendedLifetime(gradient) {
                (result.data + start * per).update(from: gradient.data, count: range.count * per)
            }
        }
        return result
    }

    /// Σ_j weights[j] · ∂S/∂x at `points` (k, …), k points around ONE item (SmoothGrad's noisy
    /// copies, integrated gradients' path), with that item's `target`. The points go through
    /// the network in passes of at most `batchSize` rows and are summed in j order, in Double,
    /// so the sum does not depend on `batchSize`. Returns the item's count of values.
    static func weightedSum(_ network: Network, points: Tensor, weights: [Double], target: AttributionTarget,
                            reluRule: ReLURule = .standard, batchSize: Int) -> [Double] {
        precondition(batchSize > 0, "attribution batch size must be positive, got \(batchSize)")
        let k = points.shape[0]
        precondition(weights.count == k, "\(weights.count) weights for \(k) points")
        let per = points.shape.countPerItem
        var sum = [Double](repeating: 0, count: per)
        for start in stride(from: 0, to: k, by: batchSize) {
            let range = start..<min(start + batchSize, k)
            let chunkTarget = target.repeated(range.count)
            let (_, gradient) = network.inputGradient(points.items(range), mode: .evaluation, reluRule: reluRule,
                                                      seed: { chunkTarget.seed(for: $0) })
            withExtendedLifetime(gradient) {
                for (row, j) in range.enumerated() {
                    let g = gradient.data + row * per, w = weights[j]
                    for e in 0..<per { sum[e] += w * Double(g[e]) }
                }
            }
        }
        return sum
    }
}

extension AttributionTarget {
    /// One item's target for `count` rows that all belong to that item.
    func repeated(_ count: Int) -> AttributionTarget {
        switch self {
        case .output: return self
        case .classes(let classes):
            precondition(classes.count == 1, "repeating the target of \(classes.count) items; expected one")
            return .classes([Int](repeating: classes[0], count: count))
        }
    }
}
