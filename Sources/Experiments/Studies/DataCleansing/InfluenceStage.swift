import NeuralNet
import Tensors

/// Every training instance's estimated effect on the validation loss had it been left out
/// (`SGDInfluence`), from the trajectory's files alone. Writes cleansing/influence.csv.
struct InfluenceStage: Stage {
    let name = "influence"

    func run(_ context: RunContext) throws -> [String] {
        let spec = context.spec, dir = context.directory
        let examples = try LabeledExamples.noisyTraining(in: dir)
        let validation = try LabeledExamples.split("validation", in: dir)
        let published = try dir.readArray(SupervisedArrays.paths("train").targets)
        let network = TrajectoryTrainingStage.start(spec).network
        let trajectory = try TrajectoryFiles.read(network, epochs: spec.training.epochs, in: dir)
        let influence = SGDInfluence.estimate(network, trajectory: trajectory, training: TrajectoryTrainingStage.sgd(spec),
                                              examples: examples, validation: validation,
                                              lastEpochs: spec.cleansing.traceEpochs == 0 ? nil : spec.cleansing.traceEpochs) { done, total in
            if done % 50 == 0 || done == total { context.progress(.note("influence: \(done) of \(total) steps traced back")) }
        }
        var table = DataCleansingArtifacts.influence.header
        for row in 0..<examples.count {
            let label = Int(published.data[row]), given = examples.labels[row]
            table += "\(row),\(label),\(given),\(label == given ? 0 : 1),\(number(influence[row]))\n"
        }
        try dir.write(table, to: DataCleansingArtifacts.influence.path)
        guard spec.cleansing.influenceFunction else { return [DataCleansingArtifacts.influence.path] }
        network.setParameters(trajectory.final)
        let method = InfluenceFunction(damping: spec.cleansing.damping, iterations: spec.cleansing.cgIterations)
        let estimate = method.estimate(network, examples: examples, validation: validation)
        var rows = DataCleansingArtifacts.influenceFunction.header
        for row in 0..<examples.count { rows += "\(row),\(number(estimate[row]))\n" }
        try dir.write(rows, to: DataCleansingArtifacts.influenceFunction.path)
        return [DataCleansingArtifacts.influence.path, DataCleansingArtifacts.influenceFunction.path]
    }
}

/// An influence table read back: rows ordered from the most harmful (most negative) on, ties
/// by row, and (from the SGD table) which rows were flipped and the labels trained on.
struct InfluenceRanking {
    let harmfulFirst: [Int]
    let flipped: Set<Int>
    let given: [Int]

    init(in dir: RunDirectory, estimate: TableArtifact = DataCleansingArtifacts.influence) throws {
        let labels = try DataCleansingArtifacts.influence.read(in: dir)
        var flipped: Set<Int> = [], given: [Int] = []
        for i in 0..<labels.count {
            given.append(try labels.int(i, "given"))
            if try labels.int(i, "flipped") == 1 { flipped.insert(try labels.int(i, "row")) }
        }
        let rows = try estimate.read(in: dir)
        let entries = try (0..<rows.count).map { (row: try rows.int($0, "row"), influence: try rows.double($0, "influence")) }
        harmfulFirst = entries.sorted { $0.influence != $1.influence ? $0.influence < $1.influence : $0.row < $1.row }.map(\.row)
        (self.flipped, self.given) = (flipped, given)
    }
}
