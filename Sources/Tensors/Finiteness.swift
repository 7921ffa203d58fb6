/// Finding the first NaN or infinity in a tensor: training stops at a diverged weight, and the
/// explain commands refuse such weights or inputs, rather than let NaN flow into every table.
extension Tensor {
    /// Index (row-major) and value of the first element that is NaN or ±infinity; nil if all are finite.
    public var firstNonFinite: (index: Int, value: Float)? {
        let p = data
        for i in 0..<count where !p[i].isFinite { return (i, p[i]) }
        return nil
    }
}
