import Tensors

/// A scalar loss and its gradient w.r.t. the tensor it was computed from (same shape).
public struct LossValue {
    public let value: Double
    public let gradient: Tensor
    public init(value: Double, gradient: Tensor) {
        self.value = value
        self.gradient = gradient
    }
}

/// PyTorch's `nn.CrossEntropyLoss()` on logits (N, K) with class labels, mean over the batch.
/// Dimension legend: N items, K classes.
public enum SoftmaxCrossEntropy {
    /// L = (1/N)·Σ_i (logsumexp(z_i) − z_i[y_i]);  ∂L/∂z_i = (softmax(z_i) − onehot(y_i))/N.
    public static func evaluate(logits: Tensor, labels: [Int]) -> LossValue {
        precondition(logits.shape.rank == 2, "cross-entropy expects logits (N, K), got \(logits.shape)")
        let n = logits.shape[0], k = logits.shape[1]
        precondition(labels.count == n, "\(labels.count) labels for \(n) rows of logits")
        let gradient = Tensor(uninitialized: logits.shape)  // (N, K): softmax, then (softmax − onehot)/N
        var total = 0.0
        for i in 0..<n {
            let label = labels[i]
            precondition(label >= 0 && label < k, "label \(label) outside 0..<\(k)")
            let row = logits.data + i * k
            total += softmaxRow(row, into: gradient.data + i * k, k) - Double(row[label])
            gradient.data[i * k + label] -= 1
        }
        gradient.scale(by: 1 / Float(n))
        return LossValue(value: total / Double(n), gradient: gradient)
    }

    /// Row-wise softmax of (N, K) logits.
    public static func probabilities(_ logits: Tensor) -> Tensor {
        precondition(logits.shape.rank == 2, "softmax expects (N, K), got \(logits.shape)")
        let n = logits.shape[0], k = logits.shape[1]
        let result = Tensor(uninitialized: logits.shape)
        for i in 0..<n { _ = softmaxRow(logits.data + i * k, into: result.data + i * k, k) }
        return result
    }

    /// Writes softmax(z) = exp(z − max z) / Σ exp(z − max z) and returns
    /// logsumexp(z) = max z + log Σ exp(z − max z); every exp is ≤ 1, so nothing overflows.
    /// exp is `Elementary`'s Float overload (computed in Double, rounded once to Float).
    private static func softmaxRow(_ row: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>,
                                   _ k: Int) -> Double {
        var top = -Float.infinity
        for j in 0..<k { top = max(top, row[j]) }
        var sum = 0.0
        for j in 0..<k {
            let e = Elementary.exp(row[j] - top)
            out[j] = e
            sum += Double(e)
        }
        let inverse = Float(1 / sum)
        for j in 0..<k { out[j] *= inverse }
        return Double(top) + Elementary.log(sum)
    }
}

/// PyTorch's `nn.MSELoss()`: mean over all elements.
public enum MeanSquaredError {
    /// L = (1/count)·Σ(p − t)²;  ∂L/∂p = 2(p − t)/count.
    public static func evaluate(predictions: Tensor, targets: Tensor) -> LossValue {
        precondition(predictions.count == targets.count,
                     "MSE: predictions \(predictions.shape) vs targets \(targets.shape)")
        let count = predictions.count
        let gradient = Tensor(uninitialized: predictions.shape)
        let p = predictions.data, t = targets.data, g = gradient.data
        let scale = 2 / Float(count)
        var total = 0.0
        for i in 0..<count {
            let d = p[i] - t[i]
            total += Double(d) * Double(d)
            g[i] = scale * d
        }
        return LossValue(value: total / Double(max(count, 1)), gradient: gradient)
    }
}
