import Foundation

/// A whole experiment: what `driftlab run` reads, after `extends` and `--set`.
public struct ExperimentSpec: SpecSection {
    public var name: String
    public var description: String
    /// A rough cost the spec's author measured, shown by `driftlab list` ("3 min on 2 cores").
    public var cost: String
    public var seed: Int
    /// Sensor experiments (paper 004) train one model per seed; default `[seed]`.
    public var seeds: [Int]
    public var data: DataSpec
    public var model: ModelSpec
    public var training: TrainingSpec
    public var reference: ReferenceSpec
    public var attribution: [AttributionSpec]
    /// Paper 003: which samples are explained and how their maps' drift is measured.
    public var selection: SelectionSpec
    public var drift: DriftSpec
    /// Paper 004: how each unit's preferred signal is generated and scored.
    public var activationMaximization: ActivationMaximizationSpec
    public var metrics: [String]
    public var figures: [String]
    /// Figure resolution.
    public var dpi: Int

    public static let metricNames = ["regression", "ndcg-per-state", "ndcg-per-step"]
    public static let figureNames = ["training-curves", "state-heatmaps", "lift-chart",
                                     "error-curves", "confidence", "heatmap-grid", "drift-curves",
                                     "activity-attribution"] + activationMaximizationFigures
    /// Paper 004's figures, all drawn by default in sensor experiments.
    public static let activationMaximizationFigures = ["similarity-bars", "ratio-bars", "unit-signals", "nearest-windows", "activation-atlas"]

    public init(_ reader: SpecReader) throws {
        var seedList: [Int]?
        (name, description, cost, seed, seedList, data, model, training, reference, attribution, selection, drift, activationMaximization, metrics, figures, dpi) = try reader.fields { f in
            (try f.required("name").string(),
             try f.value("description", default: "") { try $0.string() },
             try f.value("cost", default: "unknown") { try $0.string() },
             try f.value("seed", default: 0) { try $0.integer(atLeast: 0) } as Int,
             try f.optional("seeds").map(ExperimentSpec.seedList),
             try DataSpec(f.required("data")),
             try ModelSpec(f.required("model")),
             try f.optional("training").map(TrainingSpec.init) ?? TrainingSpec(SpecReader(.object([]), path: "training", file: reader.file)),
             try f.optional("reference").map(ReferenceSpec.init) ?? .bestValidationLoss,
             try f.value("attribution", default: []) { try $0.list(AttributionSpec.init) },
             try SelectionSpec(f.optional("selection") ?? SpecReader(.object([]), path: "selection", file: reader.file)),
             try DriftSpec(f.optional("drift") ?? SpecReader(.object([]), path: "drift", file: reader.file)),
             try f.optional("activationMaximization").map(ActivationMaximizationSpec.init) ?? ActivationMaximizationSpec(),
             try f.value("metrics", default: []) { try $0.list { try $0.choice(ExperimentSpec.metricNames) } },
             try f.value("figures", default: []) { try $0.list { try $0.choice(ExperimentSpec.figureNames) } },
             try f.value("dpi", default: 150) { try $0.integer(atLeast: 36, atMost: 1200) })
        }
        seeds = seedList ?? [seed]
        if isSensorExperiment {
            if reader.value["figures"] == nil { figures = ExperimentSpec.activationMaximizationFigures }
            // The sfhf-cnn's convolutions are conv1–conv3; say so now rather than when the stage runs.
            if case .sfhfCNN = model, let k = activationMaximization.layers.firstIndex(where: { !["conv1", "conv2", "conv3"].contains($0) }) {
                throw SpecError(file: reader.file, path: "activationMaximization.layers[\(k)]",
                                "the sfhf-cnn's convolutions are \"conv1\", \"conv2\", \"conv3\", got \"\(activationMaximization.layers[k])\"")
            }
        } else if seeds.count > 1 {
            throw SpecError(file: reader.file, path: "seeds", "only sensor experiments (paper 004) train several seeds; use --set seed=N for the others")
        }
        guard name.range(of: "^[A-Za-z0-9._-]+$", options: .regularExpression) != nil else {
            throw SpecError(file: reader.file, path: "name", "use letters, digits, '.', '_' or '-' only (it names the run folder), got \"\(name)\"")
        }
    }

    /// `seeds`: distinct, at least one.
    static func seedList(_ seeds: SpecReader) throws -> [Int] {
        let list = try seeds.list { try $0.integer(atLeast: 0) }
        guard !list.isEmpty, Set(list).count == list.count else { throw seeds.error("expected distinct seeds, at least one") }
        return list
    }

    /// Paper 004's experiments: several seeds and the activation-maximization section.
    var isSensorExperiment: Bool {
        if case .sensors = data { return true }
        return false
    }

    /// Loads a spec file with its bases and overrides applied.
    public static func load(_ url: URL, overrides: [String] = []) throws -> ExperimentSpec {
        var document = try SpecDocument.load(url)
        for assignment in overrides { try document.set(assignment) }
        return try ExperimentSpec(document.reader)
    }

    public var json: JSONValue {
        // Paper 004's section is written only where it is used.
        let sensorFields: [(key: String, value: JSONValue)] = isSensorExperiment
            ? [("seeds", JSONValue(seeds)), ("activationMaximization", activationMaximization.json)] : []
        return .object([("name", JSONValue(name)), ("description", JSONValue(description)), ("cost", JSONValue(cost)),
                 ("seed", JSONValue(seed)),
                 ("data", data.json), ("model", model.json), ("training", training.json), ("reference", reference.json),
                 ("attribution", .array(attribution.map(\.json))), ("selection", selection.json), ("drift", drift.json)]
                + sensorFields + [("metrics", JSONValue(metrics)), ("figures", JSONValue(figures)), ("dpi", JSONValue(dpi))])
    }

    /// The resolved spec's bytes: what `spec.resolved.json` holds and the spec hash covers.
    public var resolvedJSON: Data { json.serialized(pretty: true) }
}
