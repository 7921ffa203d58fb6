import Foundation

/// What `driftlab verify` found: every output the manifest lists, re-made and compared.
public struct VerificationReport: Equatable, Sendable {
    /// Where a series of per-epoch checkpoints (one training's `checkpoints/`) first differs.
    public struct CheckpointDivergence: Equatable, Sendable {
        /// "checkpoints", or "seeds/seed-1/checkpoints".
        public var folder: String
        public var firstEpoch: Int
        /// Checkpoints of earlier epochs, all reproduced.
        public var identicalBefore: Int
        public var checkpoints: Int
    }

    public var runFolder: String
    /// Outputs the recorded manifest lists.
    public var files: Int
    /// Files not reproduced, by path.
    public var differences: [FileDifference]
    public var checkpoints: [CheckpointDivergence]
    /// Where the recorded numbers were computed (nil for a manifest without the record) and where the re-run's were.
    public var recorded: NumericEnvironment?
    public var now: NumericEnvironment
    /// Things a reader should know: another numeric contract, the kept scratch folder, …
    public var notes: [String]

    public var reproduced: Bool { differences.isEmpty }

    /// The first differing checkpoint of each training's series.
    static func divergences(_ differences: [FileDifference], outputs: [String]) -> [CheckpointDivergence] {
        func split(_ path: String) -> (folder: String, epoch: Int)? {
            let name = (path as NSString).lastPathComponent, folder = (path as NSString).deletingLastPathComponent
            guard folder == "checkpoints" || folder.hasSuffix("/checkpoints"), name.hasPrefix("epoch-"), name.hasSuffix(".safetensors"),
                  let epoch = Int(name.dropFirst(6).dropLast(12)) else { return nil }
            return (folder, epoch)
        }
        var series: [String: [Int]] = [:]
        for path in outputs { if let s = split(path) { series[s.folder, default: []].append(s.epoch) } }
        var first: [String: Int] = [:]
        for d in differences where d.kind != .extra {
            if let s = split(d.path) { first[s.folder] = min(first[s.folder] ?? .max, s.epoch) }
        }
        return first.keys.sorted().map { folder in
            let epochs = series[folder] ?? []
            return CheckpointDivergence(folder: folder, firstEpoch: first[folder]!, identicalBefore: epochs.filter { $0 < first[folder]! }.count,
                                        checkpoints: epochs.count)
        }
    }

    /// The report as `driftlab verify` prints it.
    public var text: String {
        var lines: [String] = []
        if reproduced {
            lines.append("reproduced bit for bit: \(files) file\(files == 1 ? "" : "s")")
        } else {
            lines.append("not reproduced: \(differences.count) of \(files) file\(files == 1 ? "" : "s") differ (recorded → re-run)")
            for d in differences { lines += d.lines.map { "  " + $0 } }
            for c in checkpoints {
                let before = c.identicalBefore == 0 ? "the earliest kept"
                    : "the \(c.identicalBefore) before it \(c.identicalBefore == 1 ? "is" : "are") identical"
                lines.append("  \(c.folder): the first checkpoint that differs is epoch \(c.firstEpoch), \(before) (\(c.checkpoints) kept)")
            }
        }
        lines.append("  recorded: \(recorded?.summary ?? "not in the manifest (written before the numeric record)")")
        lines.append("  re-run:   \(now.summary)")
        lines += notes.map { "  note: " + $0 }
        return lines.joined(separator: "\n") + "\n"
    }
}
