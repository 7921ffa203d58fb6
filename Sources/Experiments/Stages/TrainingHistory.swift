import Foundation

/// `train/metrics.csv`: one row per finished epoch. Only deterministic quantities go in, so a
/// resumed run writes the same bytes as an uninterrupted one (timings go to the manifest).
public struct TrainingHistory: Equatable {
    public struct Row: Equatable {
        public var epoch: Int
        public var learningRate: Double
        public var trainLoss: Double
        public var validationLoss: Double
        /// Classification only.
        public var validationAccuracy: Double?
        /// L2 norm of the last layer's weight matrix (paper 003, Fig. 2).
        public var lastLayerWeightNorm: Double
    }

    public var rows: [Row] = []

    /// `train/metrics.csv`, declared once; checkpoints carry the same text in their metadata.
    public static let artifact = TableArtifact(path: "train/metrics.csv",
                                        columns: ["epoch", "lr", "train_loss", "validation_loss", "validation_accuracy", "last_layer_weight_norm"])

    public var csv: String {
        TrainingHistory.artifact.header + rows.map { r in
            [String(r.epoch), number(r.learningRate), number(r.trainLoss), number(r.validationLoss),
             r.validationAccuracy.map(number) ?? "", number(r.lastLayerWeightNorm)].joined(separator: ",") + "\n"
        }.joined()
    }

    public init(rows: [Row] = []) { self.rows = rows }

    /// Parses what `csv` wrote; `file` names where the text came from in errors.
    public init(csv: String, file: String = TrainingHistory.artifact.path) throws {
        let table = try CSVRows(Data(csv.utf8), file: file)
        for i in 0..<table.count {
            rows.append(Row(epoch: try table.int(i, "epoch"), learningRate: try table.double(i, "lr"),
                            trainLoss: try table.double(i, "train_loss"), validationLoss: try table.double(i, "validation_loss"),
                            validationAccuracy: try table.optionalDouble(i, "validation_accuracy"),
                            lastLayerWeightNorm: try table.double(i, "last_layer_weight_norm")))
        }
    }

    /// `train/metrics.csv` of a run, read back.
    public init(in directory: RunDirectory) throws {
        try self.init(csv: String(decoding: try directory.read(TrainingHistory.artifact.path), as: UTF8.self))
    }

    /// The epoch with the lowest validation loss (highest accuracy), earliest on ties.
    public func bestEpoch(byAccuracy: Bool, among epochs: [Int]) -> Int? {
        let candidates = rows.filter { epochs.contains($0.epoch) }
        if byAccuracy {
            return candidates.max { ($0.validationAccuracy ?? 0, -$0.epoch) < ($1.validationAccuracy ?? 0, -$1.epoch) }?.epoch
        }
        return candidates.min { ($0.validationLoss, $0.epoch) < ($1.validationLoss, $1.epoch) }?.epoch
    }
}

/// Numbers in tables and CSVs: 8 significant digits, the same on every run.
func number(_ x: Double) -> String { String(format: "%.8g", x) }
