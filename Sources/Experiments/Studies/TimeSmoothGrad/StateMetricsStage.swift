import Attribution
import Datasets
import Foundation
import Metrics
import Tensors

/// Paper 000's scores at the reference epoch:
///   metrics/regression.csv — test Pearson and MSE (standardised and raw y), if the spec's
///   `metrics` has "regression";
///   metrics/states.csv — per state: prediction Pearson, and for every method the nDCG of its
///   mean map ("ndcg-per-state") and the mean per-step nDCG ("ndcg-per-step") against |F_s|,
///   each if asked for, beside the expected nDCG of a random ranking (the chance level, which
///   is high for nDCG: about 0.8 at D = 10).
struct StateMetricsStage: Stage {
    let name = "metrics"
    /// The spec's data section, of the kind this stage reads.
    let data: ARStatesSpec

    func run(_ context: RunContext) throws -> [String] {
        let s = data
        let dir = context.directory
        let data = try ARStatesData.read(s, from: dir)
        let reference = try ReferenceEpoch.read(dir)
        let predictions = try TimeSmoothGradArtifacts.predictions(epoch: reference.epoch).read(in: dir)
        let testSteps = data.series.steps(.test)
        let truth = data.series.rows(testSteps).y
        // Row indices of each state's test steps inside the test arrays.
        var offset = 0
        let stateRows: [[Int]] = data.steps(.test).map { steps in defer { offset += steps.count }; return Array(offset..<offset + steps.count) }

        let scale = data.standardization.targetStd
        let regression = TimeSmoothGradArtifacts.regression
        let metrics = context.spec.metrics
        if metrics.contains(.regression) {
            let p = predictions.array.map(Double.init), t = truth.array.map(Double.init)
            let pearson = try PearsonCorrelation.of(p, t)
            let mseRaw = try RegressionScores.meanSquaredError(predicted: p, truth: t)
            try dir.write(regression.header + "\(number(pearson)),\(number(mseRaw / (scale * scale))),\(number(mseRaw))\n",
                          to: regression.path)
        }

        let prediction = try StatePrediction.evaluate(predictions: predictions, truth: truth, steps: stateRows)
        var columns = TimeSmoothGradArtifacts.states.columns
        var relevance: [[StateRelevance]] = []
        let (perState, perStep) = (metrics.contains(.ndcgPerState), metrics.contains(.ndcgPerStep))
        for method in context.spec.attribution where perState || perStep {
            columns += (perState ? ["ndcg_\(method.name)"] : []) + (perStep ? ["per_step_ndcg_\(method.name)"] : [])
            let maps = try TimeSmoothGradArtifacts.maps(epoch: reference.epoch, method: method.name, features: s.features).read(in: dir)
            relevance.append(try StateRelevance.evaluate(maps: maps, coefficients: data.series.coefficients, steps: stateRows))
        }
        var csv = columns.joined(separator: ",") + "\n"
        for (i, state) in prediction.enumerated() {
            var row = [String(state.state), String(state.stepCount), number(state.pearson), number(state.meanSquaredError / (scale * scale)),
                       number(StateMetricsStage.randomRankingNDCG(data.series.coefficients[i].map(abs)))]
            for r in relevance { row += (perState ? [number(r[i].meanMapNDCG)] : []) + (perStep ? [number(r[i].perStepNDCG)] : []) }
            csv += row.joined(separator: ",") + "\n"
        }
        try dir.write(csv, to: TimeSmoothGradArtifacts.states.path)
        return (metrics.contains(.regression) ? [regression.path] : []) + [TimeSmoothGradArtifacts.states.path]
    }

    /// E[nDCG] of a uniformly random ranking: every item sits at every rank with probability
    /// 1/D, so E[DCG] = (Σ gains)·(1/D)·Σ_r 1/log2(r+1), divided by the ideal DCG.
    static func randomRankingNDCG(_ gains: [Double]) -> Double {
        let d = gains.count
        let meanDiscount = (1...d).reduce(0.0) { $0 + 1 / Elementary.log2(Double($1) + 1) } / Double(d)
        let ideal = gains.sorted(by: >).enumerated().reduce(0.0) { $0 + $1.element / Elementary.log2(Double($1.offset) + 2) }
        return ideal > 0 ? gains.reduce(0, +) * meanDiscount / ideal : 0
    }
}
