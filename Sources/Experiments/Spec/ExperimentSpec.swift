import Figures
import Foundation

/// A whole experiment: what `driftlab run` reads, after `extends` and `--set`. The keys every
/// study reads are fields here; the keys only one study reads (paper 003's `selection`, paper
/// 004's `activationMaximization`) are that study's `section`, decoded by the study.
public struct ExperimentSpec: SpecSection {
    public var name: String
    /// The paper's experiment this spec runs (`"study"`), from the registry `Studies.all`.
    public var study: any Study.Type
    public var description: String
    /// A rough cost the spec's author measured, shown by `driftlab list` ("3 min on 2 cores").
    public var cost: String
    public var seed: Int
    public var data: DataSpec
    public var model: ModelSpec
    public var training: TrainingSpec
    public var reference: ReferenceSpec
    public var attribution: [AttributionSpec]
    /// The study's own keys (`Study.readSection`).
    public var section: any StudySection
    /// What is computed and drawn, from the study's names; absent = the study's defaults.
    public var metrics: [MetricName]
    public var figures: [FigureName]
    /// The files each figure is written as: PNG (default) and/or the vector SVG and PDF.
    public var figureFormats: [FigureFormat]
    /// Figure resolution (PNG).
    public var dpi: Int

    public init(_ reader: SpecReader) throws {
        self = try reader.fields { try ExperimentSpec(fields: $0, in: reader) }
        try study.validateNames(self, file: reader.file)
        try study.validate(self, file: reader.file)
        guard name.range(of: "^[A-Za-z0-9._-]+$", options: .regularExpression) != nil else {
            throw SpecError(file: reader.file, path: "name", "use letters, digits, '.', '_' or '-' only (it names the run folder), got \"\(name)\"")
        }
    }

    /// The keys in the order the resolved spec lists them; the study is read first, since it
    /// decides which other keys and names are valid.
    private init(fields f: ObjectFields, in reader: SpecReader) throws {
        name = try f.required("name").string()
        let study = try ExperimentSpec.study(f.optional("study"), in: reader)
        self.study = study
        description = try f.value("description", default: "") { try $0.string() }
        cost = try f.value("cost", default: "unknown") { try $0.string() }
        seed = try f.value("seed", default: 0) { try $0.integer(atLeast: 0) }
        data = try DataSpec(f.required("data"))
        model = try ModelSpec(f.required("model"))
        training = try TrainingSpec(f.optional("training") ?? SpecReader(.object([]), path: "training", file: reader.file))
        reference = try f.optional("reference").map(ReferenceSpec.init) ?? .bestValidationLoss
        attribution = try f.value("attribution", default: []) { try $0.list(AttributionSpec.init) }
        for other in Studies.all where other != study {
            if let key = other.sectionKeys.first(where: { f.has($0) && !study.sectionKeys.contains($0) }) {
                throw f.error(key, "a key of study \"\(other.name)\" (\(other.summary)), not of this spec's study \"\(study.name)\"")
            }
        }
        section = try study.readSection(f, file: reader.file)
        let data = data
        metrics = try f.value("metrics", default: study.defaultMetrics(data: data)) { try $0.list { try MetricName($0, of: study) } }
        figures = try f.value("figures", default: study.defaultFigures(data: data)) { try $0.list { try FigureName($0, of: study) } }
        figureFormats = try f.value("figureFormats", default: [.png]) { list in
            let formats = try list.list { try $0.choice(FigureFormat.self) }
            guard !formats.isEmpty, Set(formats).count == formats.count else { throw list.error("expected distinct formats, at least one") }
            return formats
        }
        dpi = try f.value("dpi", default: 150) { try $0.integer(atLeast: 36, atMost: 1200) }
    }

    /// `study`: required, one of the registry's names; both errors list them.
    static func study(_ value: SpecReader?, in document: SpecReader) throws -> any Study.Type {
        let known = Studies.all.map { "\"\($0.name)\" (\($0.summary))" }.joined(separator: ", ")
        guard let value else {
            throw SpecError(file: document.file, path: document.path.isEmpty ? "study" : document.path + ".study",
                            "required, but missing: the study this spec runs, one of \(known)")
        }
        guard case .string(let name) = value.value, let study = Studies.named(name) else {
            throw value.error("unknown study \(value.value); the studies are \(known)")
        }
        return study
    }

    /// The stages `driftlab run` runs, from the study.
    public func stages() throws -> [Stage] { try study.stages(for: self) }

    public static func == (a: ExperimentSpec, b: ExperimentSpec) -> Bool { a.json == b.json }

    /// Loads a spec file with its bases and overrides applied; of a sweep's spec, the base
    /// (without its `sweep` and `executor` sections, which `SweepPlan` reads).
    public static func load(_ url: URL, overrides: [String] = []) throws -> ExperimentSpec {
        var document = try SpecDocument.load(url)
        for assignment in overrides { try document.set(assignment) }
        return try ExperimentSpec(SweepPlan.baseDocument(document).reader)
    }

    public var json: JSONValue {
        .object([("name", JSONValue(name)), ("study", JSONValue(study.name)), ("description", JSONValue(description)), ("cost", JSONValue(cost)),
                 ("seed", JSONValue(seed)),
                 ("data", data.json), ("model", model.json), ("training", training.json), ("reference", reference.json),
                 ("attribution", .array(attribution.map(\.json)))]
                + section.json + [("metrics", JSONValue(metrics.map(\.rawValue))), ("figures", JSONValue(figures.map(\.rawValue))),
                    ("figureFormats", JSONValue(figureFormats.map(\.rawValue))), ("dpi", JSONValue(dpi))])
    }

    /// The resolved spec's bytes: what `spec.resolved.json` holds and the spec hash covers.
    public var resolvedJSON: Data { json.serialized(pretty: true) }
}
