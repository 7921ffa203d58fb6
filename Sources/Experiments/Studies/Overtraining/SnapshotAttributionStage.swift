import Attribution
import Foundation
import Metrics
import NeuralNet
import Tensors

/// For every snapshot epoch: test loss and error of the whole test set (Fig. 2), each selected
/// sample's output entropy and correct-class probability (Fig. 4), and every method's maps of
/// the selected samples for their true class. Writes
///   attributions/epoch-NNNN/<method>.npy (samples, C or 1, H, W) in selection order,
///   attributions/epoch-NNNN/outputs.csv (row, group, entropy, correct_class_probability),
///   metrics/test-per-epoch.csv (epoch, test_loss, test_error).
/// An epoch whose files all exist is not recomputed: a killed stage resumes where it stopped.
struct SnapshotAttributionStage: Stage {
    let name = "attribute"


    /// The selected test images in selection order, and the classes a snapshot's maps explain:
    /// the labels, or that snapshot's predictions (`selection.target`). Faithfulness reads the same.
    static func explained(_ context: RunContext) throws -> (inputs: Tensor, classes: (Network) -> [Int]) {
        let spec = context.spec, dir = context.directory
        let selection = try SampleSelection(in: dir)
        let test = try SupervisedArrays.read("test", in: dir)
        let inputs = test.batch(selection.samples.map(\.row)[...], task: spec.data.task).inputs
        let labels = selection.samples.map(\.label)
        let predicted = spec.selection.target == .predicted
        return (inputs, { network in predicted ? network.forward(inputs).argmaxRows() : labels })
    }

    func run(_ context: RunContext) throws -> [String] {
        let spec = context.spec, dir = context.directory
        let selection = try SampleSelection(in: dir)
        let test = try SupervisedArrays.read("test", in: dir)
        let (inputs, classes) = try SnapshotAttributionStage.explained(context)
        let methods = try ConfiguredMethods.of(spec.attribution, in: dir)
        let epochs = SnapshotModel.epochs(spec)
        var written: [String] = []
        var testRows = OvertrainingArtifacts.testPerEpoch.header
        let clock = WorkClock("maps (snapshot × method)", total: epochs.count * methods.count)
        for (k, epoch) in epochs.enumerated() {
            let started = Date()
            let network = try SnapshotModel.load(spec, epoch: epoch, from: dir)
            let evaluation = Evaluation.of(network, on: test, task: spec.data.task, batchSize: 256)
            testRows += "\(epoch),\(number(evaluation.loss)),\(number(1 - (evaluation.accuracy ?? 0)))\n"
            let files = spec.attribution.map { OvertrainingArtifacts.maps(epoch: epoch, method: $0.name, samples: selection.samples.count).path } + [RunDirectory.attributionFolder(epoch: epoch) + "/outputs.csv"]
            written += files
            if files.allSatisfy(dir.exists) { continue }

            let logits = network.forward(inputs)
            let probabilities = SoftmaxCrossEntropy.probabilities(logits)
            let explained = classes(network)
            var outputs = OvertrainingArtifacts.outputs(epoch: epoch).header
            for (i, sample) in selection.samples.enumerated() {
                let p = (0..<probabilities.shape[1]).map { Double(probabilities[i, $0]) }
                let entropy = (try? Entropy.of(probabilities: p)) ?? .nan
                outputs += "\(sample.row),\(sample.group.rawValue),\(number(entropy)),\(number(p[sample.label]))\n"
            }
            for (j, (entry, method)) in zip(spec.attribution, methods).enumerated() {
                _ = try OvertrainingArtifacts.maps(epoch: epoch, method: entry.name, samples: selection.samples.count)
                    .write(method.attribute(network, inputs: inputs, target: .classes(explained)), in: dir)
                context.progress(clock.event(done: k * methods.count + j + 1))
            }
            try dir.write(outputs, to: OvertrainingArtifacts.outputs(epoch: epoch).path)
            context.progress(.note("epoch \(epoch) (\(k + 1)/\(epochs.count)): \(spec.attribution.count) methods × "
                + "\(selection.samples.count) samples in \(String(format: "%.1f", Date().timeIntervalSince(started)))s"))
        }
        try dir.write(testRows, to: OvertrainingArtifacts.testPerEpoch.path)
        return written + [OvertrainingArtifacts.testPerEpoch.path]
    }
}
