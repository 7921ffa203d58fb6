import Tensors

/// Gradients of the mean cross-entropy the trajectory code needs, each from one forward and
/// one backward pass. Only models without batch coupling or randomness (no BatchNorm, no
/// dropout) are meant: then item i's loss depends on item i alone, which the leave-one-out
/// arithmetic below relies on.
public enum MinibatchGradient {
    /// Adds into the network's parameter gradients
    ///     scale · (1/|B|) Σ_{i ∈ B, kept[i]} ∇ℓ_i(θ)
    /// and returns the minibatch's mean loss over all its items. An item not kept contributes nothing to the gradient, but the divisor
    /// stays |B|: the counterfactual SGD of Hara et al. (2019) leaves the minibatch's weight
    /// 1/|B| of every other instance unchanged.
    @discardableResult
    public static func accumulate(_ network: Network, inputs: Tensor, labels: [Int], kept: [Bool]? = nil,
                                  scale: Float = 1) -> Double {
        let output = network.forward(inputs, ForwardContext(mode: .training))
        let loss = SoftmaxCrossEntropy.evaluate(logits: output, labels: labels)
        let k = output.shape[1]
        if let kept {
            // (softmax − onehot)/|B| per row: a left-out row's zero removes exactly its term.
            for (i, keep) in kept.enumerated() where !keep { (loss.gradient.data + i * k).update(repeating: 0, count: k) }
        }
        if scale != 1 { loss.gradient.scale(by: scale) }
        _ = network.backward(loss.gradient, .training)
        return loss.value
    }

    /// ∇(1/|B|) Σ_{i ∈ B, kept[i]} ℓ_i(θ) as a flat vector (`gradientVector` order).
    public static func of(_ network: Network, inputs: Tensor, labels: [Int], kept: [Bool]? = nil) -> [Float] {
        network.zeroGradients()
        accumulate(network, inputs: inputs, labels: labels, kept: kept)
        return network.gradientVector()
    }

    /// ∇ of the mean loss over all of `examples` (the validation loss L), in batches of
    /// `batchSize` rows, each weighted by its share of the rows so that the sum is the mean.
    public static func mean(_ network: Network, over examples: LabeledExamples, batchSize: Int = 500) -> (loss: Double, gradient: [Float]) {
        network.zeroGradients()
        var total = 0.0
        for start in stride(from: 0, to: examples.count, by: batchSize) {
            let rows = Array(start..<min(start + batchSize, examples.count))
            let (x, y) = examples.batch(rows)
            let share = Double(rows.count) / Double(examples.count)
            total += share * accumulate(network, inputs: x, labels: y, scale: Float(share))
        }
        return (total, network.gradientVector())
    }

    /// ∇ℓ_j(θ) of one instance alone: the network run on a batch of one, so the gradient is
    /// exact (no per-sample trick to check) and independent of the rest of the minibatch.
    public static func ofSample(_ network: Network, _ examples: LabeledExamples, row: Int) -> [Float] {
        let (x, y) = examples.batch([row])
        return of(network, inputs: x, labels: y)
    }
}
