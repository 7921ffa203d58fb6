import Foundation

/// The epoch every drift is measured against (`reference` in the spec), resolved after
/// training among the snapshot epochs, and written to `train/reference.json`.
public struct ReferenceEpoch: Codable, Equatable {
    public var epoch: Int
    /// How it was chosen: "fixed", "best-validation-loss", "best-validation-accuracy", "last".
    public var rule: String

    public static let path = "train/reference.json"

    public static func resolve(_ spec: ReferenceSpec, history: TrainingHistory, snapshots: [Int]) throws -> ReferenceEpoch {
        switch spec {
        case .epoch(let e):
            guard snapshots.contains(e) else {
                throw RunError.stageFailed(stage: "train", reason: "reference epoch \(e) has no snapshot; snapshot epochs are \(snapshots)")
            }
            return ReferenceEpoch(epoch: e, rule: "fixed")
        case .last:
            return ReferenceEpoch(epoch: snapshots.max() ?? 0, rule: "last")
        case .bestValidationLoss, .bestValidationAccuracy:
            let byAccuracy = spec == .bestValidationAccuracy
            guard let e = history.bestEpoch(byAccuracy: byAccuracy, among: snapshots) else {
                throw RunError.stageFailed(stage: "train", reason: "no snapshot epoch to choose a reference from")
            }
            return ReferenceEpoch(epoch: e, rule: byAccuracy ? "best-validation-accuracy" : "best-validation-loss")
        }
    }

    public var json: Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return (try! encoder.encode(self)) + Data("\n".utf8)
    }

    public static func read(_ directory: RunDirectory) throws -> ReferenceEpoch {
        try JSONDecoder().decode(ReferenceEpoch.self, from: try directory.read(path))
    }
}
