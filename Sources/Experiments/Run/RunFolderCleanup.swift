import Foundation
import Tensors

/// What driftlab may delete in a run folder. `--force` used to remove the whole `--out` folder,
/// whatever it held (`--out . --force` removed the current directory); now it clears only a
/// folder that is a driftlab run, and in it only the files driftlab wrote.
extension RunDirectory {
    /// The folder does not exist or holds nothing but what a run writes before its first
    /// manifest: the lock, spec.resolved.json, temporary files of an interrupted write. A run
    /// killed that early left such a folder, and running again there must resume, not refuse.
    func isMissingOrEmpty() throws -> Bool {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isFolder) else { return true }
        guard isFolder.boolValue else {
            throw RunError.unusableFolder(folder: root.relativePath, reason: "it is a file, not a folder")
        }
        let entries = try contents(of: root)
        return entries.allSatisfy {
            let name = $0.lastPathComponent
            return name == RunLock.name || name == RunLog.name || name == "spec.resolved.json" || AtomicFile.isTemporary(name)
        }
    }

    /// Removes what a driftlab run wrote here: the manifest's outputs, spec.resolved.json and
    /// manifest.json, plus what an unfinished stage writes before the manifest lists it
    /// (checkpoints and their sidecar, train/metrics.csv, temporary files of interrupted
    /// writes); then the folders these were in, if that left them empty. Anything else —
    /// a user's notes in figures/, say — stays, and so do the folders holding it.
    func clearRun(_ manifest: Manifest) throws {
        var doomed = Set(manifest.outputs.keys).union(["spec.resolved.json", "manifest.json"])
        for path in allFiles() where RunDirectory.isUnlistedRunFile(path) { doomed.insert(path) }
        var folders = Set<String>()
        for path in doomed.sorted() {
            let url = root.appendingPathComponent(path)
            guard FileManager.default.fileExists(atPath: url.path) else { continue }
            do { try FileManager.default.removeItem(at: url) } catch {
                throw RunError.unusableFolder(folder: root.relativePath, reason: "cannot remove \(path): \(error)")
            }
            var folder = (path as NSString).deletingLastPathComponent
            while !folder.isEmpty { folders.insert(folder); folder = (folder as NSString).deletingLastPathComponent }
        }
        // Deepest first, so a parent is checked after its children went.
        for folder in folders.sorted(by: { $0.count > $1.count }) {
            let url = root.appendingPathComponent(folder)
            if (try? contents(of: url).isEmpty) == true { try? FileManager.default.removeItem(at: url) }
        }
    }

    /// Files a stage writes before it finishes (so before the manifest names them), by their
    /// driftlab names: a stale checkpoint left here would be resumed from by the next run.
    static func isUnlistedRunFile(_ path: String) -> Bool {
        let parts = path.split(separator: "/").map(String.init)
        guard let name = parts.last else { return false }
        if AtomicFile.isTemporary(name) { return true }
        let parent = parts.count >= 2 ? parts[parts.count - 2] : ""
        if parent == "checkpoints" {
            return name == CheckpointDigests.fileName
                || (name.hasPrefix("epoch-") && name.hasSuffix(".safetensors"))
        }
        return parent == "train" && name == "metrics.csv"
    }

    /// Removes the temporary files interrupted writes left anywhere in the run; returns their paths.
    func removeTemporaryFiles() -> [String] {
        var removed: [String] = []
        for path in allFiles() where AtomicFile.isTemporary((path as NSString).lastPathComponent) {
            if (try? FileManager.default.removeItem(at: root.appendingPathComponent(path))) != nil { removed.append(path) }
        }
        return removed
    }

    /// Run-relative paths of every regular file in the folder, hidden ones included, sorted.
    func allFiles() -> [String] {
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        let base = root.standardizedFileURL.path
        var found: [String] = []
        for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            let path = url.standardizedFileURL.path
            guard path.hasPrefix(base + "/") else { continue }
            found.append(String(path.dropFirst(base.count + 1)))
        }
        return found.sorted()
    }

    private func contents(of folder: URL) throws -> [URL] {
        do {
            return try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
        } catch {
            throw RunError.unusableFolder(folder: folder.relativePath, reason: "cannot list it: \(error)")
        }
    }
}
