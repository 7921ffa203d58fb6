import Foundation
import NeuralNet
import Tensors

/// Chooses the samples to explain with the reference (early-stopping) model on the test set
/// (`SampleSelection`), and writes selection/samples.csv.
struct SelectStage: Stage {
    let name = "select"

    func run(_ context: RunContext) throws -> [String] {
        let spec = context.spec, dir = context.directory
        let reference = try ReferenceEpoch.read(dir)
        let network = try SnapshotModel.load(spec, epoch: reference.epoch, from: dir)
        let test = try SupervisedArrays.read("test", in: dir)
        let outputs = Evaluation.of(network, on: test, task: spec.data.task, batchSize: 256).outputs
        let probabilities = SoftmaxCrossEntropy.probabilities(outputs)
        let k = probabilities.shape[1]
        let rows = (0..<test.count).map { i in (0..<k).map { Double(probabilities[i, $0]) } }
        let s = spec.selection
        let selection = SampleSelection.select(probabilities: rows, labels: test.targets.array.map { Int($0) },
                                               correct: s.correct, wrong: s.wrong, ambiguous: s.ambiguous)
        try dir.write(selection.csv, to: SampleSelection.artifact.path)
        context.progress(.note("selected \(selection.samples.count) test samples with the epoch-\(reference.epoch) model"))
        return [SampleSelection.artifact.path]
    }
}
