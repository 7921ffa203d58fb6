/// Count, mean, sample standard deviation, min and max of a set of runs: "mean ± σ over
/// seeds" (paper 004: macro-F1 over 5 seeds) and "mean and spread per epoch".
public struct Summary: Sendable, Equatable {
    public let count: Int
    public let mean: Double
    /// Sample standard deviation, √(Σ(v − mean)² / (n − 1)) (numpy `std(ddof=1)`). With a
    /// single value there is no spread to estimate; it is reported as 0, so check `count`
    /// before reading it as "no variation".
    public let std: Double
    public let min: Double
    public let max: Double

    /// Throws on empty input or a non-finite value (a NaN from a diverged run must not
    /// silently become the mean).
    public init(_ values: [Double]) throws {
        try MetricError.requireNonEmpty(values.count, "Summary")
        try MetricError.requireFinite(values, "values", "Summary")
        count = values.count
        // Two passes: the mean, then squared deviations from it.
        mean = values.reduce(0, +) / Double(count)
        if count > 1 {
            var squares = 0.0
            for v in values { squares += (v - mean) * (v - mean) }
            std = (squares / Double(count - 1)).squareRoot()
        } else {
            std = 0
        }
        min = values.min()!
        max = values.max()!
    }
}
