import Foundation

/// Runs a spec's stages in order in its run directory, skipping those a previous run finished.
public struct Runner {
    public enum Outcome: Equatable {
        /// Every stage had finished before: nothing was done.
        case alreadyComplete
        /// These stages ran now.
        case ran([String])
    }

    public let spec: ExperimentSpec
    public let directory: RunDirectory
    public let environment: RunEnvironment
    public let stages: [Stage]

    public init(spec: ExperimentSpec, directory: RunDirectory, environment: RunEnvironment, stages: [Stage]) {
        self.spec = spec
        self.directory = directory
        self.environment = environment
        self.stages = stages
    }

    /// A changed spec in an existing folder, or a different numeric contract (contract version,
    /// architecture, required CPU features, compiler), is refused unless `force`, which clears
    /// the folder first. Another CPU model, thread count or GEMM kernel may resume: the first
    /// stage that runs records the new environment in `numeric` and adds it to `numericHistory`.
    public func run(force: Bool, progress: @escaping ProgressHandler) throws -> Outcome {
        let resolved = spec.resolvedJSON
        let hash = SHA256.hex(resolved)
        let fm = FileManager.default
        var manifest = Manifest(specHash: hash, driftlabVersion: environment.version, gitCommit: environment.gitCommit,
                                seed: spec.seed, threads: environment.threads, stages: [], outputs: [:])
        manifest.contribute(environment.numeric)
        if let previous = try existingManifest() {
            let sameSpec = previous.specHash == hash
            if force {
                try fm.removeItem(at: directory.root)
            } else if !sameSpec {
                throw RunError.specChanged(folder: directory.root.relativePath)
            } else if case let differences = previous.contractDifferences(environment.numeric), !differences.isEmpty {
                throw RunError.numericContractChanged(folder: directory.root.relativePath, differences: differences)
            } else {
                manifest = previous
                manifest.driftlabVersion = environment.version
                manifest.gitCommit = environment.gitCommit
            }
        } else if force, fm.fileExists(atPath: directory.root.path) {
            try fm.removeItem(at: directory.root)
        }
        try fm.createDirectory(at: directory.root, withIntermediateDirectories: true)
        try directory.write(resolved, to: "spec.resolved.json")
        try directory.write(try manifest.encoded(), to: "manifest.json")

        let context = RunContext(spec: spec, directory: directory, progress: progress)
        var ran: [String] = []
        for stage in stages {
            if manifest.finished(stage.name) && outputsIntact(manifest) {
                progress(.stageSkipped(stage.name))
                continue
            }
            if manifest.numeric != environment.numeric {
                // Recorded before the stage writes anything, so a kill mid-stage still leaves the note.
                manifest.contribute(environment.numeric)
                try directory.write(try manifest.encoded(), to: "manifest.json")
            }
            manifest.stages.removeAll { $0.name == stage.name }
            progress(.stageStarted(stage.name))
            let started = Date()
            let outputs = try stage.run(context)
            let ended = Date()
            for path in outputs { manifest.outputs[path] = try SHA256.hex(file: directory.root.appendingPathComponent(path)) }
            manifest.stages.append(.init(name: stage.name, started: Runner.timestamp(started), ended: Runner.timestamp(ended),
                                         seconds: (ended.timeIntervalSince(started) * 1000).rounded() / 1000))
            try directory.write(try manifest.encoded(), to: "manifest.json")
            progress(.stageFinished(stage.name, seconds: ended.timeIntervalSince(started)))
            ran.append(stage.name)
        }
        return ran.isEmpty ? .alreadyComplete : .ran(ran)
    }

    func existingManifest() throws -> Manifest? {
        guard let data = FileManager.default.contents(atPath: directory.manifest.path) else { return nil }
        return try? Manifest.decode(data)
    }

    /// Finished stages count only while every file the manifest recorded is still there.
    func outputsIntact(_ manifest: Manifest) -> Bool {
        manifest.outputs.keys.allSatisfy { directory.exists($0) }
    }

    static func timestamp(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: date)
    }
}
