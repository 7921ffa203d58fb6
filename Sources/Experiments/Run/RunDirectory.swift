import Foundation
import Tensors

/// The folder of one run (DESIGN.md): spec.resolved.json, manifest.json, data/, train/,
/// checkpoints/, attributions/, metrics/, tables/, figures/. Every file goes in through
/// `AtomicFile`, so a killed run never leaves a half-written file under a real name.
public struct RunDirectory {
    public let root: URL

    public init(_ root: URL) { self.root = root }

    /// The folder `relative` inside this one, as a run directory of its own (one seed's training).
    public func subdirectory(_ relative: String) -> RunDirectory {
        relative.isEmpty ? self : RunDirectory(root.appendingPathComponent(relative))
    }

    public var resolvedSpec: URL { root.appendingPathComponent("spec.resolved.json") }
    public var manifest: URL { root.appendingPathComponent("manifest.json") }

    /// The URL of a run-relative path ("checkpoints/epoch-0003.safetensors"), its folder created.
    public func file(_ relative: String) throws -> URL {
        let url = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        return url
    }

    /// The URL of a run-relative folder ("data/raw"), created with its parents.
    public func folder(_ relative: String) throws -> URL {
        let url = root.appendingPathComponent(relative, isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    public func exists(_ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: root.appendingPathComponent(relative).path)
    }

    public func write(_ data: Data, to relative: String) throws {
        try AtomicFile.write(data, to: try file(relative))
    }
    public func write(_ text: String, to relative: String) throws {
        try write(Data(text.utf8), to: relative)
    }
    public func write(_ tensor: Tensor, to relative: String) throws {
        try NumpyArray.write(tensor, to: try file(relative))
    }
    public func readArray(_ relative: String) throws -> Tensor {
        try NumpyArray.read(root.appendingPathComponent(relative))
    }

    /// The folder with its parents; when that fails, says which ancestor is in the way, in
    /// our words (Foundation's say "The operation could not be completed" on Linux). The run
    /// folder and `verify`'s scratch folder are made through here.
    func create() throws {
        do {
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        } catch {
            var ancestor = root.standardizedFileURL
            var isFolder: ObjCBool = false
            while !FileManager.default.fileExists(atPath: ancestor.path, isDirectory: &isFolder), ancestor.path != "/" {
                ancestor.deleteLastPathComponent()
            }
            let reason = !isFolder.boolValue ? "\(ancestor.path) is a file, not a folder"
                : !FileManager.default.isWritableFile(atPath: ancestor.path) ? "\(ancestor.path) is not writable"
                : "cannot create it"
            throw RunError.unusableFolder(folder: root.relativePath, reason: reason)
        }
    }

    public func read(_ relative: String) throws -> Data {
        guard let data = FileManager.default.contents(atPath: root.appendingPathComponent(relative).path) else {
            throw RunError.missingOutput(relative)
        }
        return data
    }

    /// Run-relative paths of the files under `folder`, sorted.
    public func files(under folder: String) -> [String] {
        let base = root.appendingPathComponent(folder)
        guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        var found: [String] = []
        for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            let name = url.lastPathComponent
            if name.hasPrefix(".") { continue }  // temporary files of interrupted writes
            found.append(folder + "/" + url.path.dropFirst(base.path.count + 1))
        }
        return found.sorted()
    }

    /// "epoch-0003": how every per-snapshot file and folder names its epoch.
    public static func epochName(_ epoch: Int) -> String { "epoch-" + String(format: "%04d", epoch) }

    public static func checkpointName(epoch: Int) -> String { "checkpoints/" + epochName(epoch) + ".safetensors" }

    /// The folder of one snapshot's maps: "attributions/epoch-0003".
    public static func attributionFolder(epoch: Int) -> String { "attributions/" + epochName(epoch) }
}

/// Why a run stopped.
public enum RunError: Error, CustomStringConvertible {
    case specChanged(folder: String)
    case numericContractChanged(folder: String, differences: [NumericEnvironment.ContractDifference])
    case missingOutput(String)
    case stageFailed(stage: String, reason: String)
    /// `--force` into a non-empty folder that is not a driftlab run: nothing is removed.
    case notARunFolder(folder: String, reason: String)
    /// A run into a non-empty folder that is not a driftlab run, without `--force`: nothing is written.
    case notEmpty(folder: String)
    /// Another process holds the folder's lock; `pid` as it wrote it, when readable.
    case locked(folder: String, pid: Int32?)
    /// manifest.json is there but cannot be read or decoded, so the run cannot resume from it.
    case damagedManifest(folder: String, problem: String)
    /// The folder cannot be created, locked or cleared (a file in the way, permissions).
    case unusableFolder(folder: String, reason: String)

    public var description: String {
        switch self {
        case .specChanged(let folder):
            return "\(folder) holds a run of a different spec (its hash differs); rerun with --force to replace it, or choose another --out"
        case let .numericContractChanged(folder, differences):
            return "\(folder) was computed under another numeric contract (\(differences.map(\.description).joined(separator: "; "))); "
                + "resuming here could change the bytes. Resume where it started, or use --force to start over"
        case .missingOutput(let path):
            return "expected \(path) from an earlier stage, but it is missing"
        case let .stageFailed(stage, reason):
            return "stage \(stage): \(reason)"
        case let .notARunFolder(folder, reason):
            return "\(folder) is not a driftlab run folder (\(reason)); --force removes only driftlab's own runs, "
                + "so nothing was removed. Choose another --out or empty the folder yourself"
        case .notEmpty(let folder):
            return "\(folder) is not empty and is not a driftlab run folder (it has no manifest.json); a run goes into a new "
                + "or empty folder or resumes its own, so nothing was written. Choose another --out or empty the folder yourself"
        case let .locked(folder, pid):
            return "\(folder) is in use by another driftlab run (\(pid.map { "pid \($0)" } ?? "pid unknown")); "
                + "wait for it to finish or choose another --out"
        case let .damagedManifest(folder, problem):
            return "\(folder)/manifest.json \(problem), so the run there cannot resume; move the folder away, "
                + "or delete its manifest.json to start over in it"
        case let .unusableFolder(folder, reason):
            return "cannot use \(folder) as a run folder: \(reason)"
        }
    }
}
