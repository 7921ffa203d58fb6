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
