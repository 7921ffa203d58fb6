import Attribution
import Tensors

/// The spec's methods as a stage runs them: a removal method with the "dataset-mean" baseline
/// gets the training inputs' means (data/train-inputs.npy, read once and only if one needs it);
/// every other method as configured.
enum ConfiguredMethods {
    static func of(_ attribution: [AttributionSpec], in dir: RunDirectory) throws -> [any AttributionMethod] {
        var training: Tensor?
        return try attribution.map { entry in
            guard let removal = entry.method as? any RemovalMethod, case .datasetMean = removal.baseline else { return entry.method }
            if training == nil { training = try SupervisedArrays.read("train", in: dir).inputs }
            return removal.fitted(to: training!)
        }
    }
}
