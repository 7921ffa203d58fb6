import Metrics
import Tensors

/// How well one state's attribution maps rank the features against the state's true
/// coefficients F_s (paper 000, Table 2, and the per-step number METHODS.md adds for Fig. 1).
/// Relevance of feature d is |F_s,d|; maps are ranked by |value| (METHODS.md's defaults),
/// with tied scores given their mean gain (`NormalizedDCG.TieRule.averaged`).
///
/// Maps must already be gradients w.r.t. the RAW inputs (`Standardization.rawInputGradient`).
public struct StateRelevance: Equatable, Sendable {
    public let state: Int
    /// Steps the numbers were computed over (the state's test steps in paper 000).
    public let stepCount: Int
    /// Table 2: nDCG of |mean over the state's steps of the map| against |F_s|.
    public let meanMapNDCG: Double
    /// nDCG of each step's |map| against |F_s|, averaged over the state's steps. The state mean
    /// of a moving average equals (up to the window's edges) the state mean of the gradient, so
    /// Table 2 cannot tell Time-Smoothgrad from the gradient; this can.
    public let perStepNDCG: Double

    public init(state: Int, stepCount: Int, meanMapNDCG: Double, perStepNDCG: Double) {
        self.state = state
        self.stepCount = stepCount
        self.meanMapNDCG = meanMapNDCG
        self.perStepNDCG = perStepNDCG
    }

    /// Both numbers for every state.
    /// - Parameters:
    ///   - maps: (T, D), one map per step of the series.
    ///   - coefficients: F, coefficients[s] has D entries.
    ///   - steps: steps[s], the steps of state s to score (e.g. its test steps); not empty.
    public static func evaluate(maps: Tensor, coefficients: [[Double]], steps: [[Int]]) throws -> [StateRelevance] {
        precondition(coefficients.count == steps.count, "\(coefficients.count) states of coefficients, \(steps.count) of steps")
        return try steps.indices.map { s in
            StateRelevance(state: s, stepCount: steps[s].count,
                           meanMapNDCG: try meanMapNDCG(maps: maps, coefficients: coefficients[s], steps: steps[s]),
                           perStepNDCG: try perStepNDCG(maps: maps, coefficients: coefficients[s], steps: steps[s]))
        }
    }

    /// nDCG(|Σ_{t∈steps} map_t / |steps||, |F_s|): Table 2's number for one state.
    public static func meanMapNDCG(maps: Tensor, coefficients: [Double], steps: [Int]) throws -> Double {
        let d = checkedFeatures(maps, coefficients, steps)
        var mean = [Double](repeating: 0, count: d)
        for t in steps {
            for j in 0..<d { mean[j] += Double(maps.data[t * d + j]) }
        }
        mean = mean.map { $0 / Double(steps.count) }
        return try NormalizedDCG.ofAttribution(mean, coefficients: coefficients)
    }

    /// (1/|steps|) Σ_{t∈steps} nDCG(|map_t|, |F_s|).
    public static func perStepNDCG(maps: Tensor, coefficients: [Double], steps: [Int]) throws -> Double {
        let d = checkedFeatures(maps, coefficients, steps)
        var total = 0.0
        for t in steps {
            let row = (0..<d).map { Double(maps.data[t * d + $0]) }
            total += try NormalizedDCG.ofAttribution(row, coefficients: coefficients)
        }
        return total / Double(steps.count)
    }

    private static func checkedFeatures(_ maps: Tensor, _ coefficients: [Double], _ steps: [Int]) -> Int {
        precondition(maps.shape.rank == 2 && maps.shape[1] == coefficients.count,
                     "state relevance: maps \(maps.shape) for \(coefficients.count) coefficients")
        precondition(!steps.isEmpty, "state relevance: a state has no steps to score")
        precondition(steps.allSatisfy { $0 >= 0 && $0 < maps.shape[0] }, "state relevance: a step is outside 0..<\(maps.shape[0])")
        return coefficients.count
    }
}
