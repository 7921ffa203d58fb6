/// The values of one quantity over a grid point's members (one per seed): mean, sample
/// standard deviation and the 95 % Student-t confidence interval of the mean. The values are
/// summed in the order given (the members' order in sweep.json), so the bits never depend
/// on which member finished first.
public struct SampleSummary: Equatable {
    public let n: Int
    /// x̄ = Σ x_i / n
    public let mean: Double
    /// σ = √( Σ (x_i − x̄)² / (n − 1) ); nil for n = 1.
    public let standardDeviation: Double?
    /// x̄ ± t_{0.975, n−1} · σ / √n; nil for n = 1.
    public let interval: ClosedRange<Double>?

    /// The confidence level of `interval`.
    public static let confidence = 0.95

    public init?(_ values: [Double]) {
        guard !values.isEmpty else { return nil }
        n = values.count
        var sum = 0.0
        for x in values { sum += x }
        mean = sum / Double(n)
        guard n >= 2 else {
            standardDeviation = nil
            interval = nil
            return
        }
        var squares = 0.0
        for x in values { squares += (x - mean) * (x - mean) }
        let sd = (squares / Double(n - 1)).squareRoot()
        standardDeviation = sd
        let half = SampleSummary.tQuantile(n - 1) * sd / Double(n).squareRoot()
        interval = (mean - half)...(mean + half)
    }

    /// t_{0.975, ν}: the two-sided 95 % quantile.
    public static func tQuantile(_ degreesOfFreedom: Int) -> Double {
        StudentT.quantile(1 - (1 - confidence) / 2, degreesOfFreedom: degreesOfFreedom)
    }

    /// Whether `x` lies outside the interval (never, without one).
    public func excludes(_ x: Double) -> Bool { interval.map { !$0.contains(x) } ?? false }
}
