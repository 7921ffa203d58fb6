import Attribution
import NeuralNet
import Tensors

/// Paper 001: the pixels that do not matter, as the largest noise each tolerates
/// (`InvariantPerturbation`), beside gradient, SmoothGrad and deep Taylor maps of the same
/// correctly classified test images; and the check the paper lacks — the class under the
/// learned noise against the same noise budget spread uniformly — with the mean w inside and
/// outside the object.
public enum InvariantPerturbationStudy: Study {
    public static let name = "invariant-perturbation"
    public static let summary = "paper 001: non-contributing pixels by maximally invariant perturbation, beside gradient, SmoothGrad and deep Taylor"
    public static let dataKinds = ImageDataSpec.Source.allCases.map(\.rawValue)
    public static let modelKinds = ["mnist-cnn"]
    public static let methods = AttributionMethods.image.map { $0.name }
    public static let metrics: [MetricName] = [.invariance, .objectMeans]
    public static let figures: [FigureName] = [.invarianceMaps]

    /// Exactly one `invariant-perturbation` entry (the w the check and the tables read), and
    /// every method able to explain the model.
    public static func validate(_ spec: ExperimentSpec, file: String) throws {
        let entries = spec.attribution.indices.filter { spec.attribution[$0].method is InvariantPerturbation }
        guard entries.count == 1 else {
            throw SpecError(file: file, path: entries.count > 1 ? "attribution[\(entries[1])]" : "attribution",
                            "study \"\(name)\" needs exactly one \"invariant-perturbation\" entry, got \(entries.count)")
        }
        try validateMethodsOnModel(spec, file: file)
    }

    /// The spec's invariant-perturbation entry (validation checked there is one).
    static func perturbationEntry(_ spec: ExperimentSpec) -> AttributionSpec? {
        spec.attribution.first { $0.method is InvariantPerturbation }
    }

    public static let sectionKeys = ["invariance"]
    public static func readSection(_ fields: ObjectFields, file: String) throws -> any StudySection {
        try InvariantPerturbationSection(fields, file: file)
    }

    public static func stages(for spec: ExperimentSpec) throws -> [Stage] {
        guard case .images(let s) = spec.data else { throw wrongData(spec) }
        return [ImageDataStage(data: s), TrainingStage(), ExplainStage()]
            + (spec.metrics.contains(.invariance) ? [InvarianceCheckStage()] : [])
            + [InvariantPerturbationTablesStage(), FiguresStage(drawings: InvariantPerturbationFigures.drawings)]
    }
}

extension MetricName {
    /// Paper 001's check of the learned noise, and the mean w inside and outside the object.
    static let invariance = MetricName(rawValue: "invariance"), objectMeans = MetricName(rawValue: "object-means")
}
