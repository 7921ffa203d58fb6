import Metrics
import Tensors

/// Regression quality within one state (paper 000: Table 1's measures per state; Fig. 2 sorts
/// the states by this correlation and plots each state's nDCG).
public struct StatePrediction: Equatable, Sendable {
    public let state: Int
    public let stepCount: Int
    /// Pearson correlation between prediction and truth over the state's steps.
    public let pearson: Double
    public let meanSquaredError: Double

    public init(state: Int, stepCount: Int, pearson: Double, meanSquaredError: Double) {
        self.state = state
        self.stepCount = stepCount
        self.pearson = pearson
        self.meanSquaredError = meanSquaredError
    }

    /// - Parameters:
    ///   - predictions, truth: one value per step of the series ((T, 1) or (T)), in the same units.
    ///   - steps: steps[s], the steps of state s to score; not empty.
    public static func evaluate(predictions: Tensor, truth: Tensor, steps: [[Int]]) throws -> [StatePrediction] {
        precondition(predictions.count == truth.count, "predictions \(predictions.shape), truth \(truth.shape)")
        return try steps.enumerated().map { s, steps in
            precondition(steps.allSatisfy { $0 >= 0 && $0 < truth.count }, "state prediction: a step is outside 0..<\(truth.count)")
            let p = steps.map { predictions.data[$0] }, y = steps.map { truth.data[$0] }
            return StatePrediction(state: s, stepCount: steps.count, pearson: try PearsonCorrelation.of(p, y),
                                   meanSquaredError: try RegressionScores.meanSquaredError(predicted: p, truth: y))
        }
    }
}
