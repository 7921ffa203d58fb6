/// `rules`, paper 002 part 3's spec key: the rule learners compared by AUTAC — one CART tree
/// per depth, its leaves the rules.
public struct RulesSpec: SpecSection {
    /// Tree depths, one learner each ("tree-depth-N").
    public var depths = [1, 2, 3, 4]
    /// The fewest training rows a leaf (a rule) may cover.
    public var minLeaf = 5

    public init() {}

    public init(_ reader: SpecReader) throws {
        try reader.fields { f in
            depths = try f.value("depths", default: depths) { try $0.list { try $0.integer(atLeast: 1, atMost: 12) } }
            minLeaf = try f.value("minLeaf", default: minLeaf) { try $0.integer(atLeast: 1) }
        }
    }

    public var json: JSONValue { .object([("depths", JSONValue(depths)), ("minLeaf", JSONValue(minLeaf))]) }

    /// The learners in spec order, by name.
    var learners: [(name: String, learner: TreeRuleLearner)] {
        depths.map { ("tree-depth-\($0)", TreeRuleLearner(depth: $0, minLeaf: minLeaf)) }
    }
}

/// Paper 002 part 3's section of a spec: its one key.
struct PartiallyInterpretableSection: StudySection {
    var rules: RulesSpec

    init(_ f: ObjectFields, file: String) throws {
        rules = try RulesSpec(f.optional("rules") ?? SpecReader(.object([]), path: "rules", file: file))
    }

    var json: [(key: String, value: JSONValue)] { [("rules", rules.json)] }
}

extension ExperimentSpec {
    /// Paper 002 part 3's `rules`; the defaults for a spec of another study.
    public var rules: RulesSpec { (section as? PartiallyInterpretableSection)?.rules ?? RulesSpec() }
}
