/// Elementwise kernels and reductions over whole tensors, on raw buffers.
extension Tensor {
    /// self += other (same count). Element by element, so a large tensor (ResNet's residual
    /// sums) is shared out over the cores without changing a bit.
    public func add(_ other: Tensor) {
        precondition(count == other.count, "add: \(shape) vs \(other.shape)")
        let x = other.data, y = data
        parallelRanges(count) { r in axpy(r.count, alpha: 1, x: x + r.lowerBound, y: y + r.lowerBound) }
    }
    /// self += alpha · other.
    public func add(_ other: Tensor, scaledBy alpha: Float) {
        precondition(count == other.count, "add: \(shape) vs \(other.shape)")
        axpy(count, alpha: alpha, x: other.data, y: data)
    }
    public func scale(by alpha: Float) {
        let p = data
        for i in 0..<count { p[i] *= alpha }
    }
    public func sum() -> Double {
        var s = 0.0
        let p = data
        for i in 0..<count { s += Double(p[i]) }
        return s
    }
    public func mean() -> Double { count == 0 ? 0 : sum() / Double(count) }
    public func squaredNorm() -> Double {
        var s = 0.0
        let p = data
        for i in 0..<count { s += Double(p[i]) * Double(p[i]) }
        return s
    }
    public func maxAbsDifference(_ other: Tensor) -> Float {
        precondition(count == other.count)
        var m: Float = 0
        for i in 0..<count { m = Swift.max(m, abs(data[i] - other.data[i])) }
        return m
    }
    /// Index of the largest element in each row of an (N, K) tensor.
    public func argmaxRows() -> [Int] {
        precondition(shape.rank == 2)
        let n = shape[0], k = shape[1]
        return (0..<n).map { i in
            var best = 0
            for j in 1..<k where data[i * k + j] > data[i * k + best] { best = j }
            return best
        }
    }
}
