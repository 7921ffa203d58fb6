import Foundation
import Tensors

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
    /// the folder first — only a driftlab run folder, and only the files driftlab wrote there.
    /// Another CPU model, thread count or GEMM kernel may resume: the first stage that runs
    /// records the new environment in `numeric` and adds it to `numericHistory`. The folder
    /// is locked for the whole run, so a second run into it is refused at once.
    public func run(force: Bool, progress report: @escaping ProgressHandler) throws -> Outcome {
        let resolved = spec.resolvedJSON
        let hash = SHA256.hex(resolved)
        let folder = directory.root.relativePath
        // A folder with other things in it and no manifest is not ours: refused before the lock
        // file is created, so it is left exactly as it was (with --force too).
        if !(try directory.isMissingOrEmpty()) && !FileManager.default.fileExists(atPath: directory.manifest.path) {
            throw force ? RunError.notARunFolder(folder: folder, reason: "it has no manifest.json") : RunError.notEmpty(folder: folder)
        }
        try directory.create()
        let lock = try RunLock(folder: directory.root)
        defer { lock.release() }
        // Every event also goes to run.log, from here on (the folder is ours and locked).
        let log = RunLog(folder: directory.root)
        log.write("run of \(spec.name) (spec \(String(hash.prefix(12)))), driftlab \(environment.version)"
                  + (environment.gitCommit.map { " at \(String($0.prefix(12)))" } ?? "") + ", \(environment.threads) threads"
                  + (force ? ", --force" : ""))
        let progress: ProgressHandler = { event in log.record(event); report(event) }
        do {
            let outcome = try runLocked(force: force, hash: hash, resolved: resolved, folder: folder, progress: progress)
            switch outcome {
            case .alreadyComplete: log.write("already complete, nothing to do")
            case .ran(let stages): log.write("done (\(stages.joined(separator: ", ")))")
            }
            return outcome
        } catch {
            log.write("stopped: \(error)")
            throw error
        }
    }

    /// The run proper, with the folder locked and every event logged.
    func runLocked(force: Bool, hash: String, resolved: Data, folder: String, progress: @escaping ProgressHandler) throws -> Outcome {
        var manifest = Manifest(specHash: hash, driftlabVersion: environment.version, gitCommit: environment.gitCommit,
                                seed: spec.seed, threads: environment.threads, stages: [], outputs: [:])
        manifest.contribute(environment.numeric)
        var suspect = Set<String>()
        switch existingManifest() {
        case .none:
            // Only what a run killed before its first manifest leaves (see isMissingOrEmpty).
            reportRemoved(directory.removeTemporaryFiles(), progress: progress)
        case .unreadable(let problem):
            if force { throw RunError.notARunFolder(folder: folder, reason: "its manifest.json \(problem)") }
            throw RunError.damagedManifest(folder: folder, problem: problem)
        case .run(let previous):
            if force {
                try directory.clearRun(previous)
            } else if previous.specHash != hash {
                throw RunError.specChanged(folder: folder)
            } else if case let differences = previous.contractDifferences(environment.numeric), !differences.isEmpty {
                throw RunError.numericContractChanged(folder: folder, differences: differences)
            } else {
                manifest = previous
                manifest.driftlabVersion = environment.version
                manifest.gitCommit = environment.gitCommit
                reportRemoved(directory.removeTemporaryFiles(), progress: progress)
                suspect = damagedOutputs(manifest, progress: progress)
            }
        }
        try directory.write(resolved, to: "spec.resolved.json")
        try directory.write(try manifest.encoded(), to: "manifest.json")

        let context = RunContext(spec: spec, directory: directory, progress: progress)
        var ran: [String] = []
        // Set when a stage that ran again wrote other bytes than it had recorded: what later
        // stages built on is gone, so they run again too.
        var upstreamChanged = false
        for stage in stages {
            if manifest.finished(stage.name) && suspect.isEmpty && !upstreamChanged && outputsIntact(manifest) {
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
            for path in outputs {
                let digest = try SHA256.hex(file: directory.root.appendingPathComponent(path))
                if let before = manifest.outputs[path], before != digest { upstreamChanged = true }
                manifest.outputs[path] = digest
            }
            suspect.subtract(outputs)
            manifest.stages.append(.init(name: stage.name, started: Runner.timestamp(started), ended: Runner.timestamp(ended),
                                         seconds: (ended.timeIntervalSince(started) * 1000).rounded() / 1000))
            try directory.write(try manifest.encoded(), to: "manifest.json")
            progress(.stageFinished(stage.name, seconds: ended.timeIntervalSince(started)))
            ran.append(stage.name)
        }
        return ran.isEmpty ? .alreadyComplete : .ran(ran)
    }

    func reportRemoved(_ removed: [String], progress: ProgressHandler) {
        guard !removed.isEmpty else { return }
        progress(.note("removed \(removed.count) temporary file\(removed.count == 1 ? "" : "s") of interrupted writes: "
                       + removed.joined(separator: ", ")))
    }

    enum ExistingRun {
        case none
        case unreadable(String)
        case run(Manifest)
    }

    func existingManifest() -> ExistingRun {
        guard FileManager.default.fileExists(atPath: directory.manifest.path) else { return .none }
        let data: Data
        do { data = try FileContents.read(directory.manifest) } catch let error as FileContents.ReadError {
            return .unreadable("cannot be read: \(error.problem)")
        } catch {
            return .unreadable("cannot be read")
        }
        guard let manifest = try? Manifest.decode(data) else { return .unreadable("does not decode as a driftlab manifest") }
        return .run(manifest)
    }

    /// The outputs the folder's manifest records (path → sha256), for stages that check an
    /// earlier file before trusting it; empty when there is no readable manifest.
    static func recordedOutputs(in directory: RunDirectory) -> [String: String] {
        guard let data = try? FileContents.read(directory.manifest), let manifest = try? Manifest.decode(data) else { return [:] }
        return manifest.outputs
    }

    /// Finished stages count only while every file the manifest recorded is still there.
    func outputsIntact(_ manifest: Manifest) -> Bool {
        manifest.outputs.keys.allSatisfy { directory.exists($0) }
    }

    /// Recorded outputs that are missing or whose sha256 no longer matches, each reported: a
    /// resumed run must not build on a file that changed since it was written. Any of them
    /// makes the stages run again (training resumes from its newest intact checkpoint).
    func damagedOutputs(_ manifest: Manifest, progress: ProgressHandler) -> Set<String> {
        var damaged = Set<String>()
        for (path, recorded) in manifest.outputs.sorted(by: { $0.key < $1.key }) {
            guard directory.exists(path) else {
                damaged.insert(path)
                progress(.note("\(path) is missing; the stages run again to rewrite it"))
                continue
            }
            let now = try? SHA256.hex(file: directory.root.appendingPathComponent(path))
            if now != recorded {
                damaged.insert(path)
                progress(.note("\(path) is damaged: its sha256 differs from the manifest's; the stages run again to rewrite it"))
            }
        }
        return damaged
    }

    static func timestamp(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: date)
    }
}
