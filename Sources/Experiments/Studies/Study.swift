import Attribution
import NeuralNet
import Tensors

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
    /// The names its `metrics` and `figures` lists may hold, declared in its folder.
    static var metrics: [MetricName] { get }
    static var figures: [FigureName] { get }
    /// What a spec that lists no metrics or figures gets (written into the resolved spec);
    /// default: everything the study has names for.
    static func defaultMetrics(data: DataSpec) -> [MetricName]
    static func defaultFigures(data: DataSpec) -> [FigureName]
    /// Reads the spec keys only this study has (default: none, so such keys are rejected as
    /// unknown). Called after the shared keys, before `metrics`.
    static func readSection(_ fields: ObjectFields, file: String) throws -> any StudySection
    /// The keys `readSection` reads: another study's spec holding one gets an error naming this study.
    static var sectionKeys: [String] { get }
    /// Checks beyond the lists above, each error naming the file and JSON path.
    static func validate(_ spec: ExperimentSpec, file: String) throws
    /// The stages, built from the spec's typed sections. Validation has checked the data
    /// kind; another kind here is reported, not trapped.
    static func stages(for spec: ExperimentSpec) throws -> [Stage]
}

extension Study {
    public static func defaultMetrics(data: DataSpec) -> [MetricName] { metrics }
    public static func defaultFigures(data: DataSpec) -> [FigureName] { figures }
    public static func readSection(_ fields: ObjectFields, file: String) throws -> any StudySection { NoStudySection() }
    public static var sectionKeys: [String] { [] }
    public static func validate(_ spec: ExperimentSpec, file: String) throws {}

    /// The checks every study shares: data and model kinds, then the methods (metrics and
    /// figures were decoded against the study's names).
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
    }

    /// What the methods need of the model, checked on the model built from the spec (its
    /// weights do not matter) so that a typo or an unsupported layer fails here and not after
    /// training: a `LayerMethod`'s layer must be one of the model's, a `ModelCheckedMethod`
    /// must find nothing it cannot explain.
    static func validateMethodsOnModel(_ spec: ExperimentSpec, file: String) throws {
        var network: Network?
        for (i, entry) in spec.attribution.enumerated() {
            let layer = (entry.method as? LayerMethod)?.layer, checked = entry.method as? ModelCheckedMethod
            guard layer != nil || checked != nil else { continue }
            if network == nil {
                guard case .classification(let classes) = spec.data.task else { return }
                network = spec.model.build(inputShape: spec.data.inputShape, outputs: classes, generator: Generator(seed: 0))
            }
            if let layer {
                let paths = network!.layerPaths
                guard paths.contains(layer) else {
                    throw SpecError(file: file, path: "attribution[\(i)].layer",
                                    "the \(spec.model.kind) has no layer \"\(layer)\"; its layers are \(paths.joined(separator: ", "))")
                }
            }
            if let problem = checked?.unsupported(by: network!) {
                throw SpecError(file: file, path: "attribution[\(i)].method", "\(problem): the \(spec.model.kind) cannot use it")
            }
        }
    }

    /// The error for a data section of another kind reaching `stages(for:)`.
    static func wrongData(_ spec: ExperimentSpec) -> RunError {
        .stageFailed(stage: "plan", reason: "study \(name) cannot run on data kind \(spec.data.kind) (accepts \(dataKinds.joined(separator: ", ")))")
    }
}

/// The spec keys only one study reads, decoded by that study: written into the resolved spec
/// after `attribution`, in this order.
public protocol StudySection {
    var json: [(key: String, value: JSONValue)] { get }
}

/// A study without keys of its own.
public struct NoStudySection: StudySection {
    public var json: [(key: String, value: JSONValue)] { [] }
}

/// The registry: every study driftlab knows, one line each. Adding a paper is its folder
/// under `Studies/` plus one line here.
public enum Studies {
    public static let all: [any Study.Type] = [
        TimeSmoothGradStudy.self,
        OvertrainingStudy.self,
        ActivationMaximizationStudy.self,
        InvariantPerturbationStudy.self,
        DataCleansingStudy.self,
        PartiallyInterpretableStudy.self,
    ]

    public static var names: [String] { all.map { $0.name } }

    public static func named(_ name: String) -> (any Study.Type)? { all.first { $0.name == name } }
}
