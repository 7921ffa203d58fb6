import Foundation

/// A whole experiment: what `driftlab run` reads, after `extends` and `--set`.
public struct ExperimentSpec: SpecSection {
    public var name: String
    public var description: String
    /// A rough cost the spec's author measured, shown by `driftlab list` ("3 min on 2 cores").
    public var cost: String
    public var seed: Int
    public var data: DataSpec
    public var model: ModelSpec
    public var training: TrainingSpec
    public var reference: ReferenceSpec
    public var attribution: [AttributionSpec]
    /// Paper 003: which samples are explained and how their maps' drift is measured.
    public var selection: SelectionSpec
    public var drift: DriftSpec
    public var metrics: [String]
    public var figures: [String]
    /// Figure resolution.
    public var dpi: Int

    public static let metricNames = ["regression", "ndcg-per-state", "ndcg-per-step"]
    public static let figureNames = ["training-curves", "state-heatmaps", "lift-chart",
                                     "error-curves", "confidence", "heatmap-grid", "drift-curves",
                                     "activity-attribution"]

    public init(_ reader: SpecReader) throws {
        (name, description, cost, seed, data, model, training, reference, attribution, selection, drift, metrics, figures, dpi) = try reader.fields { f in
            (try f.required("name").string(),
             try f.value("description", default: "") { try $0.string() },
             try f.value("cost", default: "unknown") { try $0.string() },
             try f.value("seed", default: 0) { try $0.integer(atLeast: 0) },
             try DataSpec(f.required("data")),
             try ModelSpec(f.required("model")),
             try f.optional("training").map(TrainingSpec.init) ?? TrainingSpec(SpecReader(.object([]), path: "training", file: reader.file)),
             try f.optional("reference").map(ReferenceSpec.init) ?? .bestValidationLoss,
             try f.value("attribution", default: []) { try $0.list(AttributionSpec.init) },
             try SelectionSpec(f.optional("selection") ?? SpecReader(.object([]), path: "selection", file: reader.file)),
             try DriftSpec(f.optional("drift") ?? SpecReader(.object([]), path: "drift", file: reader.file)),
             try f.value("metrics", default: []) { try $0.list { try $0.choice(ExperimentSpec.metricNames) } },
             try f.value("figures", default: []) { try $0.list { try $0.choice(ExperimentSpec.figureNames) } },
             try f.value("dpi", default: 150) { try $0.integer(atLeast: 36, atMost: 1200) })
        }
        guard name.range(of: "^[A-Za-z0-9._-]+$", options: .regularExpression) != nil else {
            throw SpecError(file: reader.file, path: "name", "use letters, digits, '.', '_' or '-' only (it names the run folder), got \"\(name)\"")
        }
    }

    /// Loads a spec file with its bases and overrides applied.
    public static func load(_ url: URL, overrides: [String] = []) throws -> ExperimentSpec {
        var document = try SpecDocument.load(url)
        for assignment in overrides { try document.set(assignment) }
        return try ExperimentSpec(document.reader)
    }

    public var json: JSONValue {
        .object([("name", JSONValue(name)), ("description", JSONValue(description)), ("cost", JSONValue(cost)),
                 ("seed", JSONValue(seed)),
                 ("data", data.json), ("model", model.json), ("training", training.json), ("reference", reference.json),
                 ("attribution", .array(attribution.map(\.json))), ("selection", selection.json), ("drift", drift.json),
                 ("metrics", JSONValue(metrics)),
                 ("figures", JSONValue(figures)), ("dpi", JSONValue(dpi))])
    }

    /// The resolved spec's bytes: what `spec.resolved.json` holds and the spec hash covers.
    public var resolvedJSON: Data { json.serialized(pretty: true) }
}
