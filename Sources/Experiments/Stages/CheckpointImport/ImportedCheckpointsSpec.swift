import Foundation
import NeuralNet

/// `checkpoints`: per-epoch checkpoints trained elsewhere (a PyTorch `state_dict` per epoch saved
/// with safetensors, under PyTorch's names), analysed instead of training. The folder is read
/// when the spec is, so the resolved spec lists which file is which epoch.
///
///     "checkpoints": {"folder": "pt-run/ckpts"}                        // epochs from the file names
///     "checkpoints": {"folder": "pt-run/ckpts",
///                     "snapshots": [{"epoch": 1, "file": "first.safetensors"}, …]}
public struct ImportedCheckpointsSpec: SpecSection {
    public struct Snapshot: Equatable {
        public var epoch: Int
        /// Relative to `folder`.
        public var file: String
    }

    /// As written: relative to the directory driftlab runs in, like `data.directory`.
    public var folder = ""
    /// Ascending by epoch, distinct epochs.
    public var snapshots: [Snapshot] = []
    /// Also evaluate each snapshot on the training split (a full pass per snapshot): the
    /// `train_loss` of `train/metrics.csv`, otherwise NaN (a loss averaged while training,
    /// as driftlab's own runs record it, is not in a `state_dict`).
    public var evaluateTraining = false

    public var folderURL: URL { URL(fileURLWithPath: folder) }

    public init(_ reader: SpecReader) throws {
        try reader.fields { f in
            let folderField = try f.required("folder")
            folder = try folderField.string()
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw folderField.error("\"\(folder)\" is not a folder: give the folder of per-epoch .safetensors checkpoints")
            }
            evaluateTraining = try f.value("evaluateTraining", default: false) { try $0.bool() }
            if let given = f.optional("snapshots") {
                snapshots = try given.list { item in
                    try item.fields { s in
                        let file = try s.required("file")
                        let snapshot = Snapshot(epoch: try s.required("epoch").integer(atLeast: 0), file: try file.string())
                        guard FileManager.default.fileExists(atPath: folderURL.appendingPathComponent(snapshot.file).path) else {
                            throw file.error("no file \"\(snapshot.file)\" in \(folder)")
                        }
                        return snapshot
                    }
                }
                guard !snapshots.isEmpty else { throw given.error("expected at least one snapshot") }
            } else {
                snapshots = try ImportedCheckpointsSpec.discover(in: folderURL, field: folderField)
            }
            let epochs = snapshots.map(\.epoch)
            if let repeated = epochs.first(where: { e in epochs.filter { $0 == e }.count > 1 }) {
                let files = snapshots.filter { $0.epoch == repeated }.map { "\"\($0.file)\"" }.joined(separator: ", ")
                throw (f.optional("snapshots") ?? folderField).error("epoch \(repeated) is given by more than one file: \(files)")
            }
            // train/imported.csv lists the names: a comma or line break would break its rows.
            if let odd = snapshots.first(where: { $0.file.contains(where: { $0 == "," || $0.isNewline }) }) {
                throw folderField.error("\"\(odd.file)\": a checkpoint's name may not hold a comma or a line break; rename it")
            }
            snapshots.sort { $0.epoch < $1.epoch }
        }
    }

    public var epochs: [Int] { snapshots.map(\.epoch) }

    public var json: JSONValue {
        .object([("folder", JSONValue(folder)),
                 ("snapshots", .array(snapshots.map { .object([("epoch", JSONValue($0.epoch)), ("file", JSONValue($0.file))]) })),
                 ("evaluateTraining", JSONValue(evaluateTraining))])
    }

    /// Every `*.safetensors` file of the folder (not its subfolders), the epoch taken from the
    /// last number in its name (`epoch_12.safetensors`, `model-e3.safetensors`,
    /// `epoch-0003.safetensors`), or else from the `epoch` key of its `__metadata__`.
    static func discover(in folder: URL, field: SpecReader) throws -> [Snapshot] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".safetensors") }.sorted()
        guard !names.isEmpty else { throw field.error("\(folder.relativePath) holds no .safetensors files") }
        return try names.map { name in
            if let epoch = epochInName(name) { return Snapshot(epoch: epoch, file: name) }
            let metadata = try? SafetensorsFile.read(from: folder.appendingPathComponent(name)).metadata
            guard let text = metadata?["epoch"], let epoch = Int(text), epoch >= 0 else {
                throw field.error("\"\(name)\" has no epoch number in its name nor an \"epoch\" in its __metadata__; "
                                  + "rename it (e.g. epoch_3.safetensors) or list the files under checkpoints.snapshots")
            }
            return Snapshot(epoch: epoch, file: name)
        }
    }

    /// The last run of decimal digits in the file name without its extension.
    static func epochInName(_ name: String) -> Int? {
        let stem = name.dropLast(".safetensors".count)
        guard let end = stem.lastIndex(where: \.isASCIIDigit) else { return nil }
        var start = end
        while start > stem.startIndex, stem[stem.index(before: start)].isASCIIDigit { start = stem.index(before: start) }
        return Int(stem[start...end])
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
