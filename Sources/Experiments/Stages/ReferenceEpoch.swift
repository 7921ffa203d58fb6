import Foundation
import Tensors

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

    /// Resolves the reference among `snapshots`, writes `train/reference.json` into `folder`
    /// (the run's own by default) and reports it: the end of training and of an import alike.
    static func record(_ spec: ReferenceSpec, history: TrainingHistory, snapshots: [Int], in context: RunContext,
                       folder: RunDirectory? = nil) throws {
        let reference = try resolve(spec, history: history, snapshots: snapshots)
        try (folder ?? context.directory).write(reference.json, to: path)
        context.progress(.note("reference epoch \(reference.epoch) (\(reference.rule))"))
    }

    public var json: Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return (try! encoder.encode(self)) + Data("\n".utf8)
    }

    /// Read back by the stages after training; a file that does not decode is named, in our
    /// words rather than JSONDecoder's dump.
    public static func read(_ directory: RunDirectory) throws -> ReferenceEpoch {
        let data = try directory.read(path)
        do { return try JSONDecoder().decode(ReferenceEpoch.self, from: data) } catch {
            throw ArtifactError(file: path, problem: "is not a reference-epoch record: \(DecodingProblem.describe(error))")
        }
    }
}
