import Foundation
import Tensors

/// `driftlab verify`: re-runs a results folder's resolved spec in a scratch folder through the
/// same `Runner` and `ExperimentSpec.stages()` (the study's stages) as `driftlab run`, then compares every output its
/// manifest lists by sha256, and says how the ones that differ differ.
public enum Verification {
    /// Where the re-run goes: a fresh folder `<run name>.verify-<8 hex>` inside `scratch`, or
    /// next to the run folder when nil. It is removed afterwards unless `keep`.
    public static func run(_ folder: URL, scratch: URL? = nil, keep: Bool = false, environment: RunEnvironment,
                           progress: @escaping ProgressHandler) throws -> VerificationReport {
        let run = RunDirectory(folder)
        let name = folder.relativePath
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw VerificationError.notARunFolder(name)
        }
        guard let manifestData = FileManager.default.contents(atPath: run.manifest.path) else {
            throw VerificationError.noManifest(run.manifest.relativePath)
        }
        let manifest: Manifest
        do { manifest = try Manifest.decode(manifestData) } catch {
            throw VerificationError.unreadable(run.manifest.relativePath, "not a driftlab manifest: \(DecodingProblem.describe(error))")
        }
        guard let specData = FileManager.default.contents(atPath: run.resolvedSpec.path) else {
            throw VerificationError.unreadable(run.resolvedSpec.relativePath, "cannot read the file (does it exist?)")
        }
        guard SHA256.hex(specData) == manifest.specHash else {
            throw VerificationError.unreadable(run.resolvedSpec.relativePath,
                                               "its sha256 is not the manifest's specHash: the spec was changed after the run")
        }
        let spec: ExperimentSpec
        do { spec = try ExperimentSpec.load(run.resolvedSpec) } catch {
            throw VerificationError.unreadable(run.resolvedSpec.relativePath, "\(error)")
        }
        let stages = try spec.stages()
        let unfinished = stages.map(\.name).filter { !manifest.finished($0) }
        guard unfinished.isEmpty else { throw VerificationError.incomplete(folder: name, stages: unfinished) }

        var notes: [String] = []
        if spec.resolvedJSON != specData {
            notes.append("this driftlab resolves \(run.resolvedSpec.relativePath) to other bytes (new defaults?); the re-run used its resolution")
        }
        let contractChanges = manifest.contractDifferences(environment.numeric)
        if !contractChanges.isEmpty {
            notes.append("the re-run is under another numeric contract (\(contractChanges.map(\.description).joined(separator: "; "))): "
                         + "identical bytes are not promised")
        }
        if let history = manifest.numericHistory, history.count > 1 {
            notes.append("the recorded run was computed in \(history.count) environments (resumed elsewhere); see numericHistory in its manifest")
        }

        let parent = scratch ?? folder.deletingLastPathComponent()
        let hex = String(UInt32.random(in: .min ... .max), radix: 16)
        let tag = String(repeating: "0", count: 8 - hex.count) + hex
        let scratchFolder = parent.appendingPathComponent(folder.standardizedFileURL.lastPathComponent + ".verify-" + tag)
        guard !FileManager.default.fileExists(atPath: scratchFolder.path) else {
            throw VerificationError.scratch(scratchFolder.relativePath, "already exists")
        }
        do { try RunDirectory(parent).create() } catch RunError.unusableFolder(_, let reason) {
            throw VerificationError.scratch(parent.relativePath, reason)
        }
        defer { if !keep { try? FileManager.default.removeItem(at: scratchFolder) } }
        let rerun = RunDirectory(scratchFolder)
        do {
            _ = try Runner(spec: spec, directory: rerun, environment: environment, stages: stages).run(force: false, progress: progress)
        } catch {
            throw VerificationError.rerunFailed(folder: scratchFolder.relativePath, reason: "\(error)")
        }
        let remade = try Manifest.decode(try rerun.read("manifest.json"))
        if keep { notes.append("the re-run is kept in \(scratchFolder.relativePath)") }

        var differences: [FileDifference] = []
        for path in Set(manifest.outputs.keys).union(remade.outputs.keys).sorted() {
            guard let recordedHash = manifest.outputs[path] else {
                differences.append(FileDifference(path: path, kind: .extra))
                continue
            }
            let recordedURL = folder.appendingPathComponent(path)
            guard FileManager.default.fileExists(atPath: recordedURL.path) else {
                differences.append(FileDifference(path: path, kind: .missingFromRun))
                continue
            }
            guard let nowHash = remade.outputs[path] else {
                differences.append(FileDifference(path: path, kind: .notReproduced))
                continue
            }
            let folderHash = try SHA256.hex(file: recordedURL)
            if folderHash == recordedHash && nowHash == recordedHash { continue }
            let kind = FileDifference.compare(recorded: recordedURL, now: scratchFolder.appendingPathComponent(path), path: path)
            differences.append(FileDifference(path: path, kind: kind ?? .manifestOnly, editedSinceRun: folderHash != recordedHash))
        }
        return VerificationReport(runFolder: name, files: manifest.outputs.count, differences: differences,
                                  checkpoints: VerificationReport.divergences(differences, outputs: Array(manifest.outputs.keys)),
                                  recorded: manifest.numeric, now: environment.numeric, notes: notes)
    }
}

/// Why a folder could not be verified (the CLI exits 2).
public enum VerificationError: Error, CustomStringConvertible {
    case notARunFolder(String)
    case noManifest(String)
    case unreadable(String, String)
    case incomplete(folder: String, stages: [String])
    case scratch(String, String)
    case rerunFailed(folder: String, reason: String)

    public var description: String {
        switch self {
        case .notARunFolder(let folder):
            return "\(folder) is not a run folder (no such directory)"
        case .noManifest(let file):
            return "\(file) does not exist: not a run folder, or a run that never started"
        case let .unreadable(file, why):
            return "\(file): \(why)"
        case let .incomplete(folder, stages):
            return "\(folder) is an unfinished run (stages not finished: \(stages.joined(separator: ", "))); finish it with driftlab run before verifying"
        case let .scratch(folder, why):
            return "scratch folder \(folder): \(why)"
        case let .rerunFailed(folder, reason):
            return "the re-run in \(folder) failed: \(reason)"
        }
    }
}
