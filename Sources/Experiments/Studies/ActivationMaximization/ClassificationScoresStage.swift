import Foundation
import Metrics
import Tensors

/// Paper 004's model quality: accuracy and macro-F1 on the test subjects with every seed's
/// reference model, in metrics/classification.csv (one row per seed) and tables/f1.{csv,md}
/// (per seed, then mean ± σ) beside the paper's mean of 5 seeds (DSADS 0.737 ± 0.005,
/// MHEALTH 0.955 ± 0.004).
struct ClassificationScoresStage: Stage {
    let name = "metrics"

    func run(_ context: RunContext) throws -> [String] {
        let spec = context.spec, dir = context.directory
        let test = try SupervisedArrays.read("test", in: dir)
        var csv = ActivationMaximizationArtifacts.classification.header
        var rows: [[String]] = []
        var f1s: [Double] = [], accuracies: [Double] = []
        for seed in spec.seeds {
            let (network, epoch) = try SeedFolder.referenceModel(spec, seed: seed, in: dir)
            let outputs = Evaluation.of(network, on: test, task: spec.data.task, batchSize: 256).outputs
            let scores = try ClassificationScores(truth: test.targets.array.map { Int($0) }, predicted: outputs.argmaxRows(),
                                                  classCount: spec.data.task.outputs)
            csv += "\(seed),\(epoch),\(number(scores.accuracy)),\(number(scores.macroF1))\n"
            rows.append(["seed \(seed) (epoch \(epoch))", fixed3(scores.macroF1), fixed3(scores.accuracy), ""])
            f1s.append(scores.macroF1)
            accuracies.append(scores.accuracy)
        }
        try dir.write(csv, to: ActivationMaximizationArtifacts.classification.path)
        var paper = "—"
        if case .sensors(let s) = spec.data, s.source != .syntheticHAR { paper = s.isDSADSFormat ? "0.737 ± 0.005" : "0.955 ± 0.004" }
        rows.append(["mean ± σ of \(spec.seeds.count)", meanStd(f1s), meanStd(accuracies), paper])
        let table = Table(title: "Test macro-F1 (\(spec.name))",
                          columns: ["model", "macro-F1", "accuracy", "paper 004 macro-F1 (mean ± σ of 5 seeds)"],
                          rows: rows,
                          notes: ["Test subjects as METHODS.md (DSADS 7–8, MHEALTH 9–10); σ is the population standard deviation over seeds."])
        return [ActivationMaximizationArtifacts.classification.path] + (try table.write("f1", in: dir))
    }

    func meanStd(_ xs: [Double]) -> String {
        let mean = xs.reduce(0, +) / Double(xs.count)
        let std = (xs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(xs.count)).squareRoot()
        return "\(fixed3(mean)) ± \(fixed3(std))"
    }
}
