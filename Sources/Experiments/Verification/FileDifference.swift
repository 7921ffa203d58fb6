import Foundation
import NeuralNet
import Tensors

/// One output of a run that the re-run did not reproduce, and how it differs.
public struct FileDifference: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        /// Listed in the manifest, gone from the run folder.
        case missingFromRun
        /// Listed in the manifest, not written by the re-run.
        case notReproduced
        /// Written by the re-run, not listed in the recorded manifest.
        case extra
        case array(ArrayDifference)
        case checkpoint(CheckpointDifference)
        case table(TableDifference)
        /// Any other kind of file (PNG, JSON, Markdown): the bytes differ.
        case bytes
        /// A `.npy` or `.safetensors` one side of which does not parse.
        case unreadable(String)
        /// The re-run wrote exactly the folder's file, but that file is not the one the
        /// manifest's checksum records.
        case manifestOnly
    }

    /// Run-relative path.
    public var path: String
    public var kind: Kind
    /// The file in the run folder no longer has the sha256 its manifest records: it was
    /// changed after the run wrote it.
    public var editedSinceRun: Bool

    public init(path: String, kind: Kind, editedSinceRun: Bool = false) {
        (self.path, self.kind, self.editedSinceRun) = (path, kind, editedSinceRun)
    }

    /// How the recorded file and the re-run's differ by content, by the file's kind; nil when
    /// their bytes are equal.
    public static func compare(recorded: URL, now: URL, path: String) -> Kind? {
        guard let a = FileManager.default.contents(atPath: recorded.path) else { return .missingFromRun }
        guard let b = FileManager.default.contents(atPath: now.path) else { return .notReproduced }
        if a == b { return nil }
        switch (path as NSString).pathExtension.lowercased() {
        case "npy":
            do {
                return .array(ArrayDifference.compare(try NumpyArray.decode(a, file: path), try NumpyArray.decode(b, file: path)))
            } catch {
                return .unreadable("\(error)")
            }
        case "safetensors":
            do {
                return .checkpoint(CheckpointDifference.compare(recorded: try SafetensorsFile.read(from: recorded),
                                                                now: try SafetensorsFile.read(from: now)))
            } catch {
                return .unreadable("\(error)")
            }
        case "csv":
            return .table(TableDifference.compare(recorded: a, now: b))
        default:
            return .bytes
        }
    }

    /// The report's lines for this file: a headline, then indented details.
    public var lines: [String] {
        var head: String, details: [String] = []
        switch kind {
        case .missingFromRun: head = "missing from the run folder"
        case .notReproduced: head = "not written by the re-run"
        case .extra: head = "written by the re-run, not in the manifest"
        case .array(let d): head = d.summary
        case .checkpoint(let d):
            head = d.summary
            details = d.tensors.prefix(10).map(\.summary) + (d.tensors.count > 10 ? ["… and \(d.tensors.count - 10) more tensors"] : [])
        case .table(let d): head = d.summary; details = d.lines()
        case .bytes: head = "differs"
        case .unreadable(let why): head = "differs (cannot compare contents: \(why))"
        case .manifestOnly: head = "the re-run wrote the folder's file, but the manifest records another checksum"
        }
        if editedSinceRun, kind != .manifestOnly { details.append("note: the folder's copy was changed after the run (its sha256 is not the manifest's)") }
        return ["\(path): \(head)"] + details.map { "    " + $0 }
    }
}
