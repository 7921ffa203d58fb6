import Experiments
import Foundation

/// What every fuzz target does with libFuzzer's bytes: hand them to one reader through
/// `InputReader` (the entry the replay test uses too) and ignore its error. A valid input and
/// a clear error both return normally; a trap, or an address error ASan sees, is the finding.
enum FuzzInput {
    /// One folder per fuzzing process (under TMPDIR, which `Fuzz/run.sh` sets and removes):
    /// each input overwrites the file(s) the reader reads.
    static let folder: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("driftlab-fuzz-\(getpid())")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    static func feed(_ reader: InputReader, _ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
        let data = bytes.map { Data(bytes: $0, count: count) } ?? Data()
        _ = try? reader.read(data, in: folder)
        return 0
    }
}
