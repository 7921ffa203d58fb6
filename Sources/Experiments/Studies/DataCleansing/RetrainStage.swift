import NeuralNet
import Tensors

/// Removes instances and retrains with the same seed — the same initial weights and the same
/// minibatches minus the removed rows, each step still divided by |B_t| (the counterfactual the
/// estimate predicts, `PlainSGD`) — then evaluates on the test split. Removals: for each k in
/// `cleansing.removals`, the k most harmful by the estimate and `randomDraws` sets of k rows
/// at random (the stage's seeded stream), and with `influenceFunction` the k most harmful by
/// that estimate; and for reference nothing (the trained model) and
/// every flipped row (what a perfect detector would remove). Writes cleansing/retrained.csv.
struct RetrainStage: Stage {
    let name = "retrain"

    func run(_ context: RunContext) throws -> [String] {
        let spec = context.spec, dir = context.directory, cleansing = spec.cleansing
        let examples = try LabeledExamples.noisyTraining(in: dir)
        let validation = try SupervisedArrays.read("validation", in: dir), test = try SupervisedArrays.read("test", in: dir)
        let ranking = try InfluenceRanking(in: dir)
        let alternative = cleansing.influenceFunction ? try InfluenceRanking(in: dir, estimate: DataCleansingArtifacts.influenceFunction) : nil
        let generator = Generator.forStage(name, seed: spec.seed)
        var removals: [(removal: String, k: Int, draw: Int, rows: [Int])] = [("none", 0, 0, []), ("flipped", ranking.flipped.count, 0, ranking.flipped.sorted())]
        for k in cleansing.removals where k <= examples.count {
            removals.append(("harmful", k, 0, Array(ranking.harmfulFirst.prefix(k))))
            if let alternative { removals.append(("influence-function", k, 0, Array(alternative.harmfulFirst.prefix(k)))) }
            for draw in 1...cleansing.randomDraws { removals.append(("random", k, draw, Array(generator.permutation(examples.count).prefix(k)))) }
        }
        var table = DataCleansingArtifacts.retrained.header
        for (i, r) in removals.enumerated() {
            context.progress(.note("retraining \(i + 1) of \(removals.count): \(r.removal) \(r.k)"))
            let (network, stream) = TrajectoryTrainingStage.start(spec)
            _ = TrajectoryTrainingStage.sgd(spec).train(network, on: examples, generator: stream, leavingOut: Set(r.rows))
            let found = r.rows.filter(ranking.flipped.contains).count
            let v = Evaluation.of(network, on: validation, task: spec.data.task, batchSize: 500)
            let t = Evaluation.of(network, on: test, task: spec.data.task, batchSize: 500)
            let precision = r.k == 0 ? 0 : Double(found) / Double(r.k)
            let recall = ranking.flipped.isEmpty ? 0 : Double(found) / Double(ranking.flipped.count)
            table += "\(r.removal),\(r.k),\(r.draw),\(found),\(number(precision)),\(number(recall)),"
                + "\(number(v.loss)),\(number(t.loss)),\(number(t.accuracy ?? 0))\n"
        }
        try dir.write(table, to: DataCleansingArtifacts.retrained.path)
        return [DataCleansingArtifacts.retrained.path]
    }
}
