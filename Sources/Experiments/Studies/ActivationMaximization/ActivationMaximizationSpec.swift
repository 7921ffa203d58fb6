import Attribution

/// Paper 004's own spec keys: the seeds it trains one network each for, and
/// `activationMaximization`.
struct ActivationMaximizationSection: StudySection {
    /// Default `[seed]`.
    var seeds: [Int]
    var activationMaximization: ActivationMaximizationSpec

    init(_ f: ObjectFields, file: String) throws {
        let seed = try f.value("seed", default: 0) { try $0.integer(atLeast: 0) }
        seeds = try f.value("seeds", default: [seed]) { seeds in
            let list = try seeds.list { try $0.integer(atLeast: 0) }
            guard !list.isEmpty, Set(list).count == list.count else { throw seeds.error("expected distinct seeds, at least one") }
            return list
        }
        activationMaximization = try f.optional("activationMaximization").map(ActivationMaximizationSpec.init) ?? ActivationMaximizationSpec()
    }

    var json: [(key: String, value: JSONValue)] {
        [("seeds", JSONValue(seeds)), ("activationMaximization", activationMaximization.json)]
    }
}

extension ExperimentSpec {
    /// Paper 004's seeds; `[seed]` for a spec of another study.
    public var seeds: [Int] { (section as? ActivationMaximizationSection)?.seeds ?? [seed] }
    /// Paper 004's section; the defaults for a spec of another study.
    public var activationMaximization: ActivationMaximizationSpec {
        (section as? ActivationMaximizationSection)?.activationMaximization ?? ActivationMaximizationSpec()
    }
}

/// `activationMaximization`: paper 004's generation of each unit's preferred signal and how
/// the signals are scored (METHODS.md). Defaults are the paper's except where noted.
public struct ActivationMaximizationSpec: SpecSection {
    /// Convolution layers whose units are maximised; a unit's output is taken after the ReLU
    /// that follows the layer (EAP's threshold is over non-zero, i.e. post-ReLU, activations).
    public var layers = ["conv1", "conv2", "conv3"]
    /// The first `units` units of every layer; nil = every unit (the paper).
    public var units: Int?
    public var variants = ActivationMaximization.Variant.allCases.map(\.rawValue)
    public var steps = 5000
    /// η. Paper 004 gives 1e-4, but with the 0.995 decay its steps sum to 0.02 and the signal
    /// hardly leaves the starting sine on our trained networks (docs/paper-004.md); 1 is our
    /// default, the paper's value is one `--set` away.
    public var learningRate = 1.0
    public var decay = 0.995
    /// w, the weight of the regulariser sum.
    public var weight = 0.1
    /// Start: a sine of this amplitude (g) with `initialPeriods` periods over the window (open).
    public var initialAmplitude = 0.3
    public var initialPeriods = 1.0
    public var aapThreshold = 1.5
    /// S_sim: peak-window width s_w, N_sim nearest training stretches, th_fail (g).
    public var windowWidth = 10
    public var nearest = 50
    public var failThreshold = 10.0
    /// Units drawn in the signal figures (Figs. 1, 5, 6, 7), by index; nil = per layer, the two
    /// units whose signal under the first variant reaches the highest max a / th (where the
    /// variants differ most, as in the paper's Fig. 1).
    public var shownUnits: [Int]?
    /// t-SNE of the activation atlas (Fig. 8); perplexity nil = min(30, (units − 1) / 3).
    public var atlasPerplexity: Double?
    public var atlasIterations = 1000

    public init(_ reader: SpecReader) throws {
        try reader.fields { f in
            layers = try f.value("layers", default: layers) { try $0.list { try $0.string() } }
            if layers.isEmpty { throw f.error("layers", "expected at least one layer") }
            units = try f.optional("units").flatMap { $0.value == .null ? nil : try $0.integer(atLeast: 1) }
            variants = try f.value("variants", default: variants) {
                try $0.list { try $0.choice(ActivationMaximization.Variant.allCases.map(\.rawValue)) }
            }
            if variants.isEmpty { throw f.error("variants", "expected at least one variant") }
            steps = try f.value("steps", default: steps) { try $0.integer(atLeast: 0) }
            learningRate = try f.value("learningRate", default: learningRate) { try $0.number(atLeast: 0) }
            decay = try f.value("decay", default: decay) { try $0.number(greaterThan: 0, atMost: 1) }
            weight = try f.value("weight", default: weight) { try $0.number(atLeast: 0) }
            initialAmplitude = try f.value("initialAmplitude", default: initialAmplitude) { try $0.number(atLeast: 0) }
            initialPeriods = try f.value("initialPeriods", default: initialPeriods) { try $0.number(atLeast: 0) }
            aapThreshold = try f.value("aapThreshold", default: aapThreshold) { try $0.number(atLeast: 0) }
            windowWidth = try f.value("windowWidth", default: windowWidth) { try $0.integer(atLeast: 1) }
            nearest = try f.value("nearest", default: nearest) { try $0.integer(atLeast: 1) }
            failThreshold = try f.value("failThreshold", default: failThreshold) { try $0.number(greaterThan: 0) }
            shownUnits = try f.optional("shownUnits").flatMap { $0.value == .null ? nil : try $0.list { try $0.integer(atLeast: 0) } }
            atlasPerplexity = try f.optional("atlasPerplexity").flatMap { $0.value == .null ? nil : try $0.number(greaterThan: 0) }
            atlasIterations = try f.value("atlasIterations", default: atlasIterations) { try $0.integer(atLeast: 1) }
        }
    }

    /// The defaults.
    public init() {}

    public var variantValues: [ActivationMaximization.Variant] { variants.compactMap(ActivationMaximization.Variant.init) }

    /// The optimiser for one variant.
    public func method(_ variant: ActivationMaximization.Variant) -> ActivationMaximization {
        ActivationMaximization(variant: variant, steps: steps, learningRate: Float(learningRate), decay: Float(decay),
                               weight: Float(weight), initialAmplitude: Float(initialAmplitude),
                               initialPeriods: Float(initialPeriods), aapThreshold: Float(aapThreshold))
    }

    public var json: JSONValue {
        .object([("layers", JSONValue(layers)), ("units", units.map { JSONValue($0) } ?? .null), ("variants", JSONValue(variants)),
                 ("steps", JSONValue(steps)), ("learningRate", JSONValue(learningRate)), ("decay", JSONValue(decay)),
                 ("weight", JSONValue(weight)), ("initialAmplitude", JSONValue(initialAmplitude)),
                 ("initialPeriods", JSONValue(initialPeriods)), ("aapThreshold", JSONValue(aapThreshold)),
                 ("windowWidth", JSONValue(windowWidth)), ("nearest", JSONValue(nearest)),
                 ("failThreshold", JSONValue(failThreshold)), ("shownUnits", shownUnits.map { JSONValue($0) } ?? .null),
                 ("atlasPerplexity", atlasPerplexity.map { JSONValue($0) } ?? .null),
                 ("atlasIterations", JSONValue(atlasIterations))])
    }
}
