/// Paper 003's own spec keys, `selection` and `drift`, and `faithfulness` when its metrics ask
/// for it: the over-training study's section.
struct OvertrainingSection: FaithfulnessSection {
    var selection: SelectionSpec
    var drift: DriftSpec
    /// Read (and written into the resolved spec) when given or when `metrics` lists "faithfulness".
    var faithfulness: FaithfulnessSpec?
    /// Checkpoints made elsewhere, analysed instead of training (`driftlab analyse`).
    var checkpoints: ImportedCheckpointsSpec?

    init(_ f: ObjectFields, file: String) throws {
        selection = try SelectionSpec(f.optional("selection") ?? SpecReader(.object([]), path: "selection", file: file))
        drift = try DriftSpec(f.optional("drift") ?? SpecReader(.object([]), path: "drift", file: file))
        faithfulness = try FaithfulnessSpec.readIfAsked(f, file: file)
        checkpoints = try f.optional("checkpoints").map(ImportedCheckpointsSpec.init)
    }

    var json: [(key: String, value: JSONValue)] {
        [("selection", selection.json), ("drift", drift.json)] + (faithfulness.map { [("faithfulness", $0.json)] } ?? [])
            + (checkpoints.map { [("checkpoints", $0.json)] } ?? [])
    }
}

extension ExperimentSpec {
    /// Paper 003's `selection`; the defaults for a spec of another study.
    public var selection: SelectionSpec { (section as? OvertrainingSection)?.selection ?? SelectionSpec() }
    /// Paper 003's `drift` (also what `driftlab compare` measures with); the defaults for a spec of another study.
    public var drift: DriftSpec { (section as? OvertrainingSection)?.drift ?? DriftSpec() }
    /// Paper 003's `checkpoints`: nil when the run trains its own.
    public var importedCheckpoints: ImportedCheckpointsSpec? { (section as? OvertrainingSection)?.checkpoints }
}

/// `selection`: how many samples per class paper 003 explains in each group.
public struct SelectionSpec: SpecSection {
    public var correct = 5
    public var wrong = 5
    public var ambiguous = 3
    /// The class every map explains: the true label (paper 003) or the snapshot's predicted class.
    public enum Target: String, CaseIterable, Sendable { case label, predicted }
    public var target = Target.label

    public init() {}

    public init(_ reader: SpecReader) throws {
        try reader.fields { f in
            target = try f.value("target", default: target) { try $0.choice(Target.self) }
            correct = try f.value("correct", default: correct) { try $0.integer(atLeast: 0) }
            wrong = try f.value("wrong", default: wrong) { try $0.integer(atLeast: 0) }
            ambiguous = try f.value("ambiguous", default: ambiguous) { try $0.integer(atLeast: 0) }
        }
    }

    public var json: JSONValue {
        .object([("correct", JSONValue(correct)), ("wrong", JSONValue(wrong)), ("ambiguous", JSONValue(ambiguous)),
                 ("target", JSONValue(target.rawValue))])
    }
}

/// `drift`: how maps are compared with the reference epoch's (paper 003).
public struct DriftSpec: SpecSection {
    /// SSIM's sliding window (Wang et al.; 7 as scikit-image).
    public var ssimWindow = 7
    /// SSIM's data range R; absent = max − min over the two maps of each pair.
    public var dataRange: Double?

    public init() {}

    public init(_ reader: SpecReader) throws {
        try reader.fields { f in
            ssimWindow = try f.value("ssimWindow", default: ssimWindow) { try $0.integer(atLeast: 2) }
            dataRange = try f.optional("dataRange").map { try $0.number(greaterThan: 0) }
        }
    }

    public var json: JSONValue {
        .object([("ssimWindow", JSONValue(ssimWindow)), ("dataRange", dataRange.map { JSONValue($0) } ?? .null)])
    }
}
