import NeuralNet
import Tensors

/// The known label noise cleansing must find: round(flipFraction · N) training rows, drawn
/// from the stage's seeded stream, each get a class other than their own, uniformly among the
/// K − 1 others. Writes cleansing/train-labels.npy (the labels trained on) and
/// cleansing/flipped.csv.
struct LabelNoiseStage: Stage {
    let name = "noise"

    func run(_ context: RunContext) throws -> [String] {
        let spec = context.spec, dir = context.directory
        let labels = try dir.readArray(SupervisedArrays.paths("train").targets)
        let n = labels.count, classes = spec.data.task.outputs
        let generator = Generator.forStage(name, seed: spec.seed)
        let flips = Array(generator.permutation(n).prefix(Int((spec.cleansing.flipFraction * Double(n)).rounded()))).sorted()
        let given = labels.copy()
        var table = DataCleansingArtifacts.flipped.header
        for row in flips {
            let label = Int(labels.data[row])
            let other = (label + 1 + generator.integer(below: classes - 1)) % classes
            given.data[row] = Float(other)
            table += "\(row),\(label),\(other)\n"
        }
        try dir.write(table, to: DataCleansingArtifacts.flipped.path)
        return [try DataCleansingArtifacts.givenLabels.write(given, in: dir), DataCleansingArtifacts.flipped.path]
    }
}

extension LabeledExamples {
    /// A run's training images with the labels cleansing trains on (`LabelNoiseStage`'s).
    static func noisyTraining(in dir: RunDirectory) throws -> LabeledExamples {
        let inputs = try dir.readArray(SupervisedArrays.paths("train").inputs)
        let given = try DataCleansingArtifacts.givenLabels.read(in: dir)
        return LabeledExamples(inputs: inputs, labels: (0..<given.count).map { Int(given.data[$0]) })
    }

    /// A split as the data stage wrote it, with its published labels.
    static func split(_ split: String, in dir: RunDirectory) throws -> LabeledExamples {
        let arrays = try SupervisedArrays.read(split, in: dir)
        return LabeledExamples(inputs: arrays.inputs, labels: (0..<arrays.count).map { Int(arrays.targets.data[$0]) })
    }
}
