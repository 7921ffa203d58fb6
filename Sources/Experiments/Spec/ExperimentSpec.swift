import Foundation

/// A whole experiment: what `driftlab run` reads, after `extends` and `--set`.
public struct ExperimentSpec: SpecSection {
    public var name: String
    /// The paper's experiment this spec runs (`"study"`), from the registry `Studies.all`.
    public var study: any Study.Type
    public var description: String
    /// A rough cost the spec's author measured, shown by `driftlab list` ("3 min on 2 cores").
    public var cost: String
    public var seed: Int
    /// Studies that train several models (paper 004) train one per seed; default `[seed]`.
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
    public var metrics: [MetricName]
    public var figures: [FigureName]
    /// Figure resolution.
    public var dpi: Int

    public init(_ reader: SpecReader) throws {
        var seedList: [Int]?
        var studyName = ""
        (name, studyName, description, cost, seed, seedList, data, model, training, reference, attribution, selection, drift, activationMaximization, metrics, figures, dpi) = try reader.fields { f in
            (try f.required("name").string(),
             try ExperimentSpec.studyName(f.optional("study"), in: reader),
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
             try f.value("metrics", default: []) { try $0.list { try $0.choice(MetricName.self) } },
             try f.value("figures", default: []) { try $0.list { try $0.choice(FigureName.self) } },
             try f.value("dpi", default: 150) { try $0.integer(atLeast: 36, atMost: 1200) })
        }
        study = Studies.named(studyName)!  // `choice` accepted only registered names
        seeds = seedList ?? [seed]
        if reader.value["figures"] == nil { figures = study.defaultFigures }
        if !trainsSeveralSeeds && seeds.count > 1 {
            throw SpecError(file: reader.file, path: "seeds", "only the activation-maximization study (paper 004) trains several seeds; use --set seed=N for the others")
        }
        try study.validateNames(self, file: reader.file)
        try study.validate(self, file: reader.file)
        guard name.range(of: "^[A-Za-z0-9._-]+$", options: .regularExpression) != nil else {
            throw SpecError(file: reader.file, path: "name", "use letters, digits, '.', '_' or '-' only (it names the run folder), got \"\(name)\"")
        }
    }

    /// `study`: required, one of the registry's names; both errors list them.
    static func studyName(_ value: SpecReader?, in document: SpecReader) throws -> String {
        let known = Studies.all.map { "\"\($0.name)\" (\($0.summary))" }.joined(separator: ", ")
        guard let value else {
            throw SpecError(file: document.file, path: document.path.isEmpty ? "study" : document.path + ".study",
                            "required, but missing: the study this spec runs, one of \(known)")
        }
        guard case .string(let name) = value.value, Studies.named(name) != nil else {
            throw value.error("unknown study \(value.value); the studies are \(known)")
        }
        return name
    }

    /// `seeds`: distinct, at least one.
    static func seedList(_ seeds: SpecReader) throws -> [Int] {
        let list = try seeds.list { try $0.integer(atLeast: 0) }
        guard !list.isEmpty, Set(list).count == list.count else { throw seeds.error("expected distinct seeds, at least one") }
        return list
    }

    /// Paper 004's study: several seeds and the activation-maximization section.
    var trainsSeveralSeeds: Bool { study == ActivationMaximizationStudy.self }

    /// The stages `driftlab run` runs, from the study.
    public func stages() throws -> [Stage] { try study.stages(for: self) }

    public static func == (a: ExperimentSpec, b: ExperimentSpec) -> Bool { a.json == b.json }

    /// Loads a spec file with its bases and overrides applied.
    public static func load(_ url: URL, overrides: [String] = []) throws -> ExperimentSpec {
        var document = try SpecDocument.load(url)
        for assignment in overrides { try document.set(assignment) }
        return try ExperimentSpec(document.reader)
    }

    public var json: JSONValue {
        // Paper 004's section is written only where it is used.
        let sensorFields: [(key: String, value: JSONValue)] = trainsSeveralSeeds
            ? [("seeds", JSONValue(seeds)), ("activationMaximization", activationMaximization.json)] : []
        return .object([("name", JSONValue(name)), ("study", JSONValue(study.name)), ("description", JSONValue(description)), ("cost", JSONValue(cost)),
                 ("seed", JSONValue(seed)),
                 ("data", data.json), ("model", model.json), ("training", training.json), ("reference", reference.json),
                 ("attribution", .array(attribution.map(\.json))), ("selection", selection.json), ("drift", drift.json)]
                + sensorFields + [("metrics", JSONValue(metrics.map(\.rawValue))), ("figures", JSONValue(figures.map(\.rawValue))), ("dpi", JSONValue(dpi))])
    }

    /// The resolved spec's bytes: what `spec.resolved.json` holds and the spec hash covers.
    public var resolvedJSON: Data { json.serialized(pretty: true) }
}
