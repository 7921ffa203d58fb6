import NeuralNet

/// Paper 004 trains one model per seed (`seeds` in the spec); each seed's checkpoints/ and
/// train/ live in seeds/seed-N/ of the run, next to the shared data/.
enum SeedFolder {
    static func path(_ seed: Int) -> String { "seeds/seed-\(seed)" }

    /// The spec as one seed's training sees it.
    static func spec(_ spec: ExperimentSpec, seed: Int) -> ExperimentSpec {
        var copy = spec
        copy.seed = seed
        return copy
    }

    /// The seed's model at its reference epoch, and that epoch.
    static func referenceModel(_ spec: ExperimentSpec, seed: Int, in dir: RunDirectory) throws -> (network: Network, epoch: Int) {
        let folder = dir.subdirectory(path(seed))
        let reference = try ReferenceEpoch.read(folder)
        return (try SnapshotModel.load(spec, epoch: reference.epoch, from: folder), reference.epoch)
    }
}
