import Attribution

/// `faithfulness`: how the deletion / insertion curves and the removal ranking are computed
/// when a spec's `metrics` lists "faithfulness" (paper 002). Its keys are recorded, defaults
/// too, in the order read.
public struct FaithfulnessSpec {
    /// Points of each curve beyond the first: n_k = ⌊k·P/steps⌋ pixels removed at step k.
    public var steps = 20
    /// What removed pixels become (curves and removal ranking).
    public var baseline = RemovalBaseline.zero
    /// The removal ranking's patch: 1 = every pixel on its own (P forward passes per image).
    public var removalPatch = 1
    /// Seed of the random-map control's rankings (one stream per sample).
    public var randomSeed = 0
    /// Every `every`-th snapshot is scored (1: all), and always the reference epoch and the last.
    public var every = 1
    let json: JSONValue

    init(_ reader: SpecReader) throws {
        var s = (steps, removalPatch, randomSeed, baseline, every)
        let recorded: [(key: String, value: JSONValue)] = try reader.fields { f in
            let p = SpecMethodParameters(f)
            s.0 = try p.integer("steps", default: 20, atLeast: 1)
            s.1 = try p.integer("removalPatch", default: 1, atLeast: 1)
            s.2 = try p.integer("randomSeed", default: 0, atLeast: 0)
            s.3 = try RemovalBaseline(p)
            s.4 = try p.integer("every", default: 1, atLeast: 1)
            return p.recorded
        }
        (steps, removalPatch, randomSeed, baseline, every) = s
        json = .object(recorded)
    }

    /// The scored epochs among the snapshots: every `every`-th, the reference and the last.
    func epochs(_ snapshots: [Int], reference: Int) -> [Int] {
        snapshots.enumerated().filter { k, e in k % every == every - 1 || e == reference || k == snapshots.count - 1 }.map(\.element)
    }
}

/// A study section that can hold `faithfulness`.
protocol FaithfulnessSection: StudySection {
    var faithfulness: FaithfulnessSpec? { get }
}

extension FaithfulnessSpec {
    /// The section's `faithfulness`, read when given or when `metrics` lists "faithfulness".
    static func readIfAsked(_ f: ObjectFields, file: String) throws -> FaithfulnessSpec? {
        let asked: Bool
        if case .array(let names)? = f.peek("metrics") { asked = names.contains(.string(MetricName.faithfulness.rawValue)) } else { asked = false }
        guard asked || f.has("faithfulness") else { return nil }
        return try FaithfulnessSpec(f.optional("faithfulness") ?? SpecReader(.object([]), path: "faithfulness", file: file))
    }
}

extension ExperimentSpec {
    /// Paper 002's `faithfulness` options; nil when the spec does not ask for it.
    public var faithfulness: FaithfulnessSpec? { (section as? FaithfulnessSection)?.faithfulness }
}

extension MetricName {
    /// Paper 002's score of every map: deletion and insertion AUC, and Spearman's ρ against the
    /// removal ranking, per snapshot; with a random-map control.
    static let faithfulness = MetricName(rawValue: "faithfulness")
}
