/// A paper's experiment as driftlab runs it: the data kinds, models, attribution methods,
/// metrics and figures it can use, what else it checks in a spec, and the stages it composes.
/// Each study is one folder under `Studies/` and one line in `Studies.all`; a spec names it
/// with `"study"`. The data kind does not decide the paper: any study that can use a kind
/// accepts it.
public protocol Study {
    /// The spec's `"study"` value, e.g. "overtraining".
    static var name: String { get }
    /// One line: the paper and what the study measures (`driftlab list`, errors).
    static var summary: String { get }
    static var dataKinds: [String] { get }
    static var modelKinds: [String] { get }
    /// The `attribution[i].method` names it computes.
    static var methods: [String] { get }
    static var metrics: [MetricName] { get }
    static var figures: [FigureName] { get }
    /// Figures drawn when the spec lists none.
    static var defaultFigures: [FigureName] { get }
    /// Checks beyond the lists above, each error naming the file and JSON path.
    static func validate(_ spec: ExperimentSpec, file: String) throws
    /// The stages, built from the spec's typed sections. Validation has checked the data
    /// kind; another kind here is reported, not trapped.
    static func stages(for spec: ExperimentSpec) throws -> [Stage]
}

extension Study {
    public static var defaultFigures: [FigureName] { [] }
    public static func validate(_ spec: ExperimentSpec, file: String) throws {}

    /// The checks every study shares: data and model kinds, then the names in the lists.
    static func validateNames(_ spec: ExperimentSpec, file: String) throws {
        func refuse(_ path: String, _ what: String, _ got: String, _ allowed: [String]) -> SpecError {
            let list = allowed.isEmpty ? "none" : allowed.map { "\"\($0)\"" }.joined(separator: ", ")
            return SpecError(file: file, path: path, "study \"\(name)\" cannot use \(what) \"\(got)\"; it accepts \(list)")
        }
        guard dataKinds.contains(spec.data.kind) else { throw refuse("data.kind", "data kind", spec.data.kind, dataKinds) }
        guard modelKinds.contains(spec.model.kind) else { throw refuse("model.kind", "model", spec.model.kind, modelKinds) }
        for (i, method) in spec.attribution.enumerated() where !methods.contains(method.name) {
            throw refuse("attribution[\(i)].method", "attribution method", method.name, methods)
        }
        for (i, metric) in spec.metrics.enumerated() where !metrics.contains(metric) {
            throw refuse("metrics[\(i)]", "metric", metric.rawValue, metrics.map(\.rawValue))
        }
        for (i, figure) in spec.figures.enumerated() where !figures.contains(figure) {
            throw refuse("figures[\(i)]", "figure", figure.rawValue, figures.map(\.rawValue))
        }
    }

    /// The error for a data section of another kind reaching `stages(for:)`.
    static func wrongData(_ spec: ExperimentSpec) -> RunError {
        .stageFailed(stage: "plan", reason: "study \(name) cannot run on data kind \(spec.data.kind) (accepts \(dataKinds.joined(separator: ", ")))")
    }
}

/// The registry: every study driftlab knows, one line each. Adding a paper is its folder
/// under `Studies/` plus one line here.
public enum Studies {
    public static let all: [any Study.Type] = [
        TimeSmoothGradStudy.self,
        OvertrainingStudy.self,
        ActivationMaximizationStudy.self,
    ]

    public static var names: [String] { all.map { $0.name } }

    public static func named(_ name: String) -> (any Study.Type)? { all.first { $0.name == name } }
}
