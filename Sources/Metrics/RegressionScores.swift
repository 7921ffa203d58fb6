/// Errors of a regression's predictions against the truth (paper 000, Table 1: MSE beside
/// the Pearson correlation).
public enum RegressionScores {
    static let name = "Mean squared error"

    /// MSE = (1/n) Σ (ŷ_i − y_i)², accumulated in Double.
    public static func meanSquaredError(predicted: [Double], truth: [Double]) throws -> Double {
        try predicted.withUnsafeBufferPointer { p in
            try truth.withUnsafeBufferPointer { t in try mse(p, t) }
        }
    }

    public static func meanSquaredError(predicted: [Float], truth: [Float]) throws -> Double {
        try predicted.withUnsafeBufferPointer { p in
            try truth.withUnsafeBufferPointer { t in try mse(p, t) }
        }
    }

    /// RMSE = √MSE, in the units of the target.
    public static func rootMeanSquaredError(predicted: [Double], truth: [Double]) throws -> Double {
        try meanSquaredError(predicted: predicted, truth: truth).squareRoot()
    }

    public static func rootMeanSquaredError(predicted: [Float], truth: [Float]) throws -> Double {
        try meanSquaredError(predicted: predicted, truth: truth).squareRoot()
    }

    static func mse<T: BinaryFloatingPoint>(_ p: UnsafeBufferPointer<T>, _ t: UnsafeBufferPointer<T>) throws -> Double {
        try MetricError.requireSameCount(p.count, t.count, name)
        try MetricError.requireNonEmpty(p.count, name)
        try MetricError.requireFinite(p, "predictions", name)
        try MetricError.requireFinite(t, "truth", name)
        var total = 0.0
        for i in 0..<p.count {
            let d = Double(p[i]) - Double(t[i])
            total += d * d
        }
        return total / Double(p.count)
    }
}
