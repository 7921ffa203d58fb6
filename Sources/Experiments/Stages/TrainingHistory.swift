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

    public static let header = "epoch,lr,train_loss,validation_loss,validation_accuracy,last_layer_weight_norm"

    public var csv: String {
        ([TrainingHistory.header] + rows.map { r in
            [String(r.epoch), number(r.learningRate), number(r.trainLoss), number(r.validationLoss),
             r.validationAccuracy.map(number) ?? "", number(r.lastLayerWeightNorm)].joined(separator: ",")
        }).joined(separator: "\n") + "\n"
    }

    public init(rows: [Row] = []) { self.rows = rows }

    /// Parses what `csv` wrote (checkpoints carry it in their metadata).
    public init(csv: String) throws {
        for line in csv.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 6, let epoch = Int(f[0]), let lr = Double(f[1]), let train = Double(f[2]),
                  let validation = Double(f[3]), let norm = Double(f[5]) else {
                throw RunError.stageFailed(stage: "train", reason: "unreadable training history line '\(line)'")
            }
            rows.append(Row(epoch: epoch, learningRate: lr, trainLoss: train, validationLoss: validation,
                            validationAccuracy: Double(f[4]), lastLayerWeightNorm: norm))
        }
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
