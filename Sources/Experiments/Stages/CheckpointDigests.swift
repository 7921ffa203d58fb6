import Foundation
import Tensors

/// The sha256 of every checkpoint as it was written, in `checkpoints/.sha256.json` beside them,
/// so a resumed training can tell a damaged checkpoint from a good one before trusting it.
///
/// A sidecar rather than a digest inside each checkpoint's metadata: the checkpoint bytes stay
/// exactly as before (the golden runs' hashes and files written by Python's safetensors are
/// unchanged), and the whole file is covered, header included, not only the tensor bytes.
/// Hidden, like the lock, because it is bookkeeping, not a result: the manifest lists the
/// checkpoints themselves once training finishes, and `verify` compares those.
struct CheckpointDigests: Codable, Equatable {
    static let fileName = ".sha256.json"
    static let path = "checkpoints/" + fileName

    /// "epoch-0003.safetensors" → sha256 hex.
    var files: [String: String] = [:]

    /// The folder's record; nil when it has none (a run from before the record existed).
    static func read(in dir: RunDirectory) -> CheckpointDigests? {
        guard let data = try? FileContents.read(dir.root.appendingPathComponent(path)) else { return nil }
        // A damaged record protects nothing: treated as none, and every checkpoint must then load.
        return try? JSONDecoder().decode(CheckpointDigests.self, from: data)
    }

    /// Records the checkpoint just written at `relative` ("checkpoints/epoch-0003.safetensors").
    mutating func record(_ relative: String, in dir: RunDirectory) throws {
        files[(relative as NSString).lastPathComponent] = try SHA256.hex(file: dir.root.appendingPathComponent(relative))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try dir.write(try encoder.encode(self) + Data("\n".utf8), to: CheckpointDigests.path)
    }

    func digest(of relative: String) -> String? { files[(relative as NSString).lastPathComponent] }
}
