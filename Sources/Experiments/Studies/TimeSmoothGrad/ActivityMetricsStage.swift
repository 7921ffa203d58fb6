import Foundation
import Metrics
import Tensors

/// Paper 000's scores on PAMAP2 at the reference epoch, on the test subject:
///   metrics/regression.csv — Pearson and MSE (standardised and raw y), as for AR states;
///   metrics/activities.csv — the same per activity (0 = transitions).
/// Real data has no true coefficients F_s, so there is no nDCG here (the maps are read in the
/// figures stage instead).
struct ActivityMetricsStage: Stage {
    let name = "metrics"

    func run(_ context: RunContext) throws -> [String] {
        let dir = context.directory
        let data = try PAMAP2Data.read(from: dir)
        let reference = try ReferenceEpoch.read(dir)
        let predictions = try TimeSmoothGradArtifacts.predictions(epoch: reference.epoch).read(in: dir).array.map(Double.init)
        let truth = data.targets.array.map(Double.init)
        let scale = data.standardization.targetStd

        let pearson = try PearsonCorrelation.of(predictions, truth)
        let mseRaw = try RegressionScores.meanSquaredError(predicted: predictions, truth: truth)
        let regression = TimeSmoothGradArtifacts.regression
        try dir.write(regression.header + "\(number(pearson)),\(number(mseRaw / (scale * scale))),\(number(mseRaw))\n",
                      to: regression.path)

        var csv = TimeSmoothGradArtifacts.activities.header
        for (activity, steps) in data.stepsByActivity {
            let p = steps.map { predictions[$0] }, t = steps.map { truth[$0] }
            // An activity too short (or too still) for a correlation gets an empty cell, not 0.
            let r = (try? PearsonCorrelation.of(p, t)).map(number) ?? ""
            let mse = try RegressionScores.meanSquaredError(predicted: p, truth: t)
            csv += "\(activity),\(steps.count),\(r),\(number(mse / (scale * scale)))\n"
        }
        try dir.write(csv, to: TimeSmoothGradArtifacts.activities.path)
        return [regression.path, TimeSmoothGradArtifacts.activities.path]
    }
}
