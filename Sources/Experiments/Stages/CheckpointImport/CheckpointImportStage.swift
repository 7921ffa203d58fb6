import Foundation
import NeuralNet
import Tensors

/// In place of training, for checkpoints made elsewhere (`checkpoints` in the spec): each one
/// is loaded strictly into the spec's model (every tensor present, shaped and named as PyTorch's
/// `state_dict` of the same architecture, nothing extra), evaluated on the validation split,
/// and written as `checkpoints/epoch-NNNN.safetensors`, so the later stages read it exactly as a
/// snapshot of a driftlab training. Writes what training writes — `train/metrics.csv` (the
/// learning rate, unknown here, is NaN; so is the training loss unless `evaluateTraining`) and
/// `train/reference.json` — and `train/imported.csv`: which file became which epoch, its sha256.
public struct CheckpointImportStage: Stage {
    public let name = "import"
    let checkpoints: ImportedCheckpointsSpec

    public init(checkpoints: ImportedCheckpointsSpec) { self.checkpoints = checkpoints }

    public static let sources = TableArtifact(path: "train/imported.csv", columns: ["epoch", "file", "sha256"])

    public func run(_ context: RunContext) throws -> [String] {
        let spec = context.spec, dir = context.directory, task = spec.data.task
        let validation = try SupervisedArrays.read("validation", in: dir)
        let train = checkpoints.evaluateTraining ? try SupervisedArrays.read("train", in: dir) : nil
        let batchSize = max(spec.training.batchSize, 256)
        var history = TrainingHistory()
        var sources = CheckpointImportStage.sources.header
        for (i, snapshot) in checkpoints.snapshots.enumerated() {
            let source = checkpoints.folderURL.appendingPathComponent(snapshot.file)
            let network = spec.model.build(inputShape: spec.data.inputShape, outputs: task.outputs,
                                           generator: Generator(seed: 0))  // every weight comes from the file
            if let written = try Checkpoint.loadWeights(into: network, from: source)["epoch"], Int(written) != snapshot.epoch {
                throw CheckpointError(file: source, "its __metadata__ says epoch \(written), the spec's checkpoints.snapshots epoch \(snapshot.epoch)")
            }
            let evaluation = Evaluation.of(network, on: validation, task: task, batchSize: batchSize)
            let trainLoss = train.map { Evaluation.of(network, on: $0, task: task, batchSize: batchSize).loss } ?? .nan
            history.rows.append(.init(epoch: snapshot.epoch, learningRate: .nan, trainLoss: trainLoss,
                                      validationLoss: evaluation.loss, validationAccuracy: evaluation.accuracy,
                                      lastLayerWeightNorm: TrainingStage.lastLayerWeightNorm(network)))
            try Checkpoint.save(network, optimizer: nil, position: nil, generator: nil,
                                to: try dir.file(RunDirectory.checkpointName(epoch: snapshot.epoch)))
            sources += "\(snapshot.epoch),\(snapshot.file),\(try SHA256.hex(file: source))\n"
            context.progress(.note("\(i + 1)/\(checkpoints.snapshots.count): \(snapshot.file) as epoch \(snapshot.epoch), "
                                   + "validation loss \(String(format: "%.4f", evaluation.loss))"
                                   + (evaluation.accuracy.map { String(format: ", accuracy %.4f", $0) } ?? "")))
        }
        try dir.write(history.csv, to: TrainingHistory.artifact.path)
        try dir.write(sources, to: CheckpointImportStage.sources.path)
        try ReferenceEpoch.record(spec.reference, history: history, snapshots: checkpoints.epochs, in: context)
        return [TrainingHistory.artifact.path, CheckpointImportStage.sources.path, ReferenceEpoch.path]
            + checkpoints.epochs.map(RunDirectory.checkpointName)
    }
}
