/// `cleansing`, paper 002's part-2 spec key: how many training labels are flipped, how many
/// of the most harmful instances are removed, and the random control.
public struct CleansingSpec: SpecSection {
    /// The fraction of training rows whose label is replaced by another class (seeded).
    public var flipFraction = 0.1
    /// Epochs traced back from the end, 0 = all (`SGDInfluence`'s `lastEpochs`).
    public var traceEpochs = 0
    /// Also rank by the influence-function estimate (Koh & Liang) with damping δ and at most
    /// `cgIterations` conjugate-gradient steps, removed and retrained like the others.
    public var influenceFunction = false
    public var damping = 0.01
    public var cgIterations = 100
    /// Numbers k of instances removed before retraining, each by estimated harm and at random.
    public var removals = [50, 100, 200]
    /// Random removals drawn per k (the control: precision ≈ flipFraction).
    public var randomDraws = 3
    /// The most harmful training images shown in the figure.
    public var harmfulImages = 12

    public init() {}

    public init(_ reader: SpecReader) throws {
        try reader.fields { f in
            flipFraction = try f.value("flipFraction", default: flipFraction) { try $0.number(atLeast: 0, atMost: 1) }
            traceEpochs = try f.value("traceEpochs", default: traceEpochs) { try $0.integer(atLeast: 0) }
            influenceFunction = try f.value("influenceFunction", default: influenceFunction) { try $0.bool() }
            damping = try f.value("damping", default: damping) { try $0.number(atLeast: 0) }
            cgIterations = try f.value("cgIterations", default: cgIterations) { try $0.integer(atLeast: 1) }
            removals = try f.value("removals", default: removals) { try $0.list { try $0.integer(atLeast: 1) } }
            randomDraws = try f.value("randomDraws", default: randomDraws) { try $0.integer(atLeast: 1) }
            harmfulImages = try f.value("harmfulImages", default: harmfulImages) { try $0.integer(atLeast: 1) }
        }
    }

    public var json: JSONValue {
        .object([("flipFraction", JSONValue(flipFraction)), ("traceEpochs", JSONValue(traceEpochs)),
                 ("influenceFunction", JSONValue(influenceFunction)), ("damping", JSONValue(damping)), ("cgIterations", JSONValue(cgIterations)), ("removals", JSONValue(removals)),
                 ("randomDraws", JSONValue(randomDraws)), ("harmfulImages", JSONValue(harmfulImages))])
    }
}

/// Paper 002 part 2's section of a spec: its one key.
struct DataCleansingSection: StudySection {
    var cleansing: CleansingSpec

    init(_ f: ObjectFields, file: String) throws {
        cleansing = try CleansingSpec(f.optional("cleansing") ?? SpecReader(.object([]), path: "cleansing", file: file))
    }

    var json: [(key: String, value: JSONValue)] { [("cleansing", cleansing.json)] }
}

extension ExperimentSpec {
    /// Paper 002's `cleansing`; the defaults for a spec of another study.
    public var cleansing: CleansingSpec { (section as? DataCleansingSection)?.cleansing ?? CleansingSpec() }
}
