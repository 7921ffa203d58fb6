import NeuralNet
import Tensors

/// A network of the spec's architecture with a run's checkpoint loaded (evaluation only).
enum SnapshotModel {
    static func load(_ spec: ExperimentSpec, epoch: Int, from dir: RunDirectory) throws -> Network {
        let network = spec.model.build(inputShape: spec.data.inputShape, outputs: spec.data.task.outputs,
                                       generator: Generator(seed: 0))  // every weight comes from the file
        try Checkpoint.loadWeights(into: network, from: dir.root.appendingPathComponent(RunDirectory.checkpointName(epoch: epoch)))
        return network
    }

    /// The reference epoch's network (train/reference.json says which).
    static func loadReference(_ spec: ExperimentSpec, from dir: RunDirectory) throws -> Network {
        try load(spec, epoch: try ReferenceEpoch.read(dir).epoch, from: dir)
    }

    /// The snapshot epochs present in the run, ascending: those imported, or those training keeps.
    static func epochs(_ spec: ExperimentSpec) -> [Int] {
        if let imported = spec.importedCheckpoints { return imported.epochs }
        return (1...spec.training.epochs).filter { spec.training.snapshots.keeps($0, of: spec.training.epochs) }
    }
}
