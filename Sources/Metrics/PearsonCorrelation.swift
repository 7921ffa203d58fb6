/// Pearson's product-moment correlation between two equally long series (paper 000, Table 1:
/// prediction against truth).
///
/// Constant input is an error (`MetricError.Kind.constantInput`), not 0 and not NaN: the
/// correlation is undefined there, and reporting 0 would bias an average of correlations
/// toward "unrelated". A caller that averages over many pairs can catch that kind and skip.
/// "Constant" means every value exactly equal (checked directly, so rounding in the mean
/// cannot turn a constant series into a spurious ±1).
public enum PearsonCorrelation {
    static let name = "Pearson correlation"

    public static func of(_ x: [Double], _ y: [Double]) throws -> Double {
        try x.withUnsafeBufferPointer { xb in
            try y.withUnsafeBufferPointer { yb in try of(xb, yb) }
        }
    }

    public static func of(_ x: [Float], _ y: [Float]) throws -> Double {
        try x.withUnsafeBufferPointer { xb in
            try y.withUnsafeBufferPointer { yb in try of(xb, yb) }
        }
    }

    public static func of(_ x: UnsafeBufferPointer<Double>, _ y: UnsafeBufferPointer<Double>) throws -> Double {
        try checked(x, y, metric: name)
    }

    public static func of(_ x: UnsafeBufferPointer<Float>, _ y: UnsafeBufferPointer<Float>) throws -> Double {
        try checked(x, y, metric: name)
    }

    static func checked<T: BinaryFloatingPoint>(_ x: UnsafeBufferPointer<T>, _ y: UnsafeBufferPointer<T>,
                                                metric: String) throws -> Double {
        try MetricError.requireSameCount(x.count, y.count, metric)
        try MetricError.requireNonEmpty(x.count, metric)
        try MetricError.requireFinite(x, "first input", metric)
        try MetricError.requireFinite(y, "second input", metric)
        return try unchecked(x, y, metric: metric)
    }

    /// Inputs already known to be equally long, non-empty and finite (Spearman passes ranks).
    static func unchecked<T: BinaryFloatingPoint>(_ x: UnsafeBufferPointer<T>, _ y: UnsafeBufferPointer<T>,
                                                  metric: String) throws -> Double {
        if isConstant(x) || isConstant(y) {
            throw MetricError(metric, .constantInput,
                              "\(isConstant(x) ? "first" : "second") input is constant, correlation undefined")
        }
        let n = x.count
        // Two passes (mean, then centred sums) in Double: the one-pass Σxy − n·x̄ȳ form loses
        // every digit when the mean is large against the spread.
        var sumX = 0.0, sumY = 0.0
        for i in 0..<n {
            sumX += Double(x[i])
            sumY += Double(y[i])
        }
        let meanX = sumX / Double(n), meanY = sumY / Double(n)
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in 0..<n {
            let dx = Double(x[i]) - meanX, dy = Double(y[i]) - meanY
            sxy += dx * dy
            sxx += dx * dx
            syy += dy * dy
        }
        // r = Σ(x−x̄)(y−ȳ) / √(Σ(x−x̄)² · Σ(y−ȳ)²)
        let denominator = sxx.squareRoot() * syy.squareRoot()
        guard denominator > 0, denominator.isFinite else {
            throw MetricError(metric, .constantInput,
                              "spread underflows or overflows in Double (Σ(x−x̄)² = \(sxx), Σ(y−ȳ)² = \(syy))")
        }
        // Rounding can push |r| a hair past 1 for perfectly (anti-)correlated input.
        return min(1, max(-1, sxy / denominator))
    }

    static func isConstant<T: BinaryFloatingPoint>(_ values: UnsafeBufferPointer<T>) -> Bool {
        guard let first = values.first else { return true }
        for v in values where v != first { return false }
        return true
    }
}
