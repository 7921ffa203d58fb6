import Foundation
import Metrics
import Tensors

/// Paper 004's model quality: accuracy and macro-F1 on the test subjects with the reference
/// model, in metrics/classification.csv and tables/f1.{csv,md} beside the paper's mean of 5
/// seeds (DSADS 0.737 ± 0.005, MHEALTH 0.955 ± 0.004).
struct ClassificationScoresStage: Stage {
    let name = "metrics"

    func run(_ context: RunContext) throws -> [String] {
        let spec = context.spec, dir = context.directory
        let reference = try ReferenceEpoch.read(dir)
        let network = try SnapshotModel.load(spec, epoch: reference.epoch, from: dir)
        let test = try SupervisedArrays.read("test", in: dir)
        let outputs = Evaluation.of(network, on: test, task: spec.data.task, batchSize: 256).outputs
        let scores = try ClassificationScores(truth: test.targets.array.map { Int($0) }, predicted: outputs.argmaxRows(),
                                              classCount: spec.data.task.outputs)
        try dir.write("epoch,accuracy,macro_f1\n\(reference.epoch),\(number(scores.accuracy)),\(number(scores.macroF1))\n",
                      to: "metrics/classification.csv")
        var paper = "—"
        if case .sensors(let s) = spec.data, s.source != .syntheticHAR { paper = s.isDSADSFormat ? "0.737 ± 0.005" : "0.955 ± 0.004" }
        let table = Table(title: "Test macro-F1 (\(spec.name), seed \(spec.seed), reference epoch \(reference.epoch))",
                          columns: ["metric", "driftlab", "paper 004 (mean ± σ of 5 seeds)"],
                          rows: [["macro-F1", fixed3(scores.macroF1), paper], ["accuracy", fixed3(scores.accuracy), "—"]],
                          notes: ["Test subjects as METHODS.md (DSADS 7–8, MHEALTH 9–10); run more seeds with --set seed=N --out …."])
        return ["metrics/classification.csv"] + (try table.write("f1", in: dir))
    }
}
