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

/// Trains the spec's model once per seed, each in its own folder. A killed run resumes inside
/// the seed it stopped in: finished seeds find their last checkpoint and only re-resolve
/// their reference epoch.
struct SeedTrainingStage: Stage {
    let name = "train"

    func run(_ context: RunContext) throws -> [String] {
        var written: [String] = []
        for (k, seed) in context.spec.seeds.enumerated() {
            context.progress(.note("seed \(seed) (\(k + 1) of \(context.spec.seeds.count))"))
            let child = RunContext(spec: SeedFolder.spec(context.spec, seed: seed), directory: context.directory,
                                   progress: context.progress)
            written += try TrainingStage(folder: SeedFolder.path(seed)).run(child)
        }
        return written
    }
}
