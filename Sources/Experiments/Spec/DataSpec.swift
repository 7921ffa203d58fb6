import Datasets
import Tensors

/// `data`: where the examples come from. Each kind has its own fields.
public enum DataSpec: SpecSection {
    case arStates(ARStatesSpec)
    case images(ImageDataSpec)
    case sensors(SensorDataSpec)
    case pamap2(PAMAP2DataSpec)
    case tabular(TabularDataSpec)

    public static let kinds = ["ar-states"] + ImageDataSpec.Source.allCases.map(\.rawValue) + SensorDataSpec.Source.allCases.map(\.rawValue)
        + PAMAP2DataSpec.Source.allCases.map(\.rawValue) + SklearnTable.Dataset.allCases.map(\.rawValue)

    public init(_ reader: SpecReader) throws {
        guard let kind = reader.value["kind"] else { throw SpecReader(.null, path: reader.path.isEmpty ? "kind" : reader.path + ".kind", file: reader.file).error("required, but missing") }
        guard case .string(let name) = kind, DataSpec.kinds.contains(name) else {
            throw SpecReader(kind, path: reader.path + ".kind", file: reader.file)
                .error("expected one of \(DataSpec.kinds.map { "\"\($0)\"" }.joined(separator: ", ")), got \(kind)")
        }
        if name == "ar-states" { self = .arStates(try ARStatesSpec(reader)) }
        else if SensorDataSpec.Source(rawValue: name) != nil { self = .sensors(try SensorDataSpec(reader)) }
        else if PAMAP2DataSpec.Source(rawValue: name) != nil { self = .pamap2(try PAMAP2DataSpec(reader)) }
        else if SklearnTable.Dataset(rawValue: name) != nil { self = .tabular(try TabularDataSpec(reader)) }
        else { self = .images(try ImageDataSpec(reader)) }
    }

    public var json: JSONValue {
        switch self { case .arStates(let s): return s.json; case .images(let s): return s.json; case .sensors(let s): return s.json
        case .pamap2(let s): return s.json; case .tabular(let s): return s.json }
    }

    public var kind: String {
        switch self {
        case .arStates: return "ar-states"
        case .images(let s): return s.source.rawValue
        case .sensors(let s): return s.source.rawValue
        case .pamap2(let s): return s.source.rawValue
        case .tabular(let s): return s.dataset.rawValue
        }
    }

    /// What must be on disk before a run, for `driftlab list`.
    public var needs: String {
        switch self {
        case .arStates: return "nothing (synthetic)"
        case .images(let s) where s.source == .fashionMNIST: return "\(s.directory) (make data)"
        case .images(let s): return "\(s.directory) (download; see data/README.md)"
        case .sensors(let s) where s.source == .syntheticHAR: return "nothing (synthetic)"
        case .sensors(let s): return "\(s.directory) (download; see data/README.md)"
        case .pamap2(let s) where s.source == .syntheticPAMAP2: return "nothing (synthetic)"
        case .pamap2(let s): return "\(s.directory) (download; see data/README.md)"
        case .tabular(let s): return "\(s.directory) (make data-tabular)"
        }
    }

    public var task: Task {
        switch self { case .arStates: return .regression(outputs: 1); case .images(let s): return .classification(classes: s.classes)
        case .sensors(let s): return .classification(classes: s.activityIDs.count)
        case .pamap2: return .regression(outputs: 1); case .tabular(let s): return .classification(classes: s.classes) }
    }

    /// The shape of one input item.
    public var inputShape: Shape {
        switch self { case .arStates(let s): return [s.features]; case .images(let s): return Shape(s.imageShape)
        case .sensors(let s): return [s.axes, s.window]
        case .pamap2(let s): return [s.inputChannels.count]; case .tabular(let s): return [s.features] }
    }
}

/// Paper 000's synthetic series (METHODS.md): S states of T_s steps, D AR(2) features,
/// y_t = F_sᵀ x_t + w_t. Every open choice of the card is a field with its default.
public struct ARStatesSpec: SpecSection {
    public var states = 3
    public var features = 10
    public var stepsPerState = 5000
    /// First part of every state trains, the rest tests.
    public var trainFraction = 0.5
    /// Last part of every state's training steps, held out for validation.
    public var validationFraction = 0.1
    /// AR(2) roots r·e^{±iθ}: r ~ U[rootModulus], θ ~ U[rootAngle].
    public var rootModulus = [0.3, 0.9]
    public var rootAngle = [0.0, Double.pi]
    /// F_s ~ N(0, coefficientStd²); v_t, w_t, x_0 standard deviations.
    public var coefficientStd = 1.0
    public var processNoiseStd = 1.0
    public var targetNoiseStd = 1.0
    public var initialStd = 1.0

    public init(_ reader: SpecReader) throws {
        try reader.fields { f in
            f.allow("kind")
            states = try f.value("states", default: states) { try $0.integer(atLeast: 1) }
            features = try f.value("features", default: features) { try $0.integer(atLeast: 1) }
            stepsPerState = try f.value("stepsPerState", default: stepsPerState) { try $0.integer(atLeast: 4) }
            trainFraction = try f.value("trainFraction", default: trainFraction) { try $0.number(greaterThan: 0, atMost: 0.99) }
            validationFraction = try f.value("validationFraction", default: validationFraction) { try $0.number(atLeast: 0, atMost: 0.9) }
            rootModulus = try f.value("rootModulus", default: rootModulus) { try ARStatesSpec.range($0, within: 0...0.999) }
            rootAngle = try f.value("rootAngle", default: rootAngle) { try ARStatesSpec.range($0, within: 0...Double.pi) }
            coefficientStd = try f.value("coefficientStd", default: coefficientStd) { try $0.number(atLeast: 0) }
            processNoiseStd = try f.value("processNoiseStd", default: processNoiseStd) { try $0.number(atLeast: 0) }
            targetNoiseStd = try f.value("targetNoiseStd", default: targetNoiseStd) { try $0.number(atLeast: 0) }
            initialStd = try f.value("initialStd", default: initialStd) { try $0.number(atLeast: 0) }
        }
    }

    /// A [low, high] pair inside `bounds`.
    static func range(_ r: SpecReader, within bounds: ClosedRange<Double>) throws -> [Double] {
        let pair = try r.list { try $0.number(atLeast: bounds.lowerBound, atMost: bounds.upperBound) }
        guard pair.count == 2, pair[0] <= pair[1] else { throw r.error("expected [low, high] with low ≤ high") }
        return pair
    }

    public var json: JSONValue {
        .object([("kind", "ar-states"), ("states", JSONValue(states)), ("features", JSONValue(features)),
                 ("stepsPerState", JSONValue(stepsPerState)), ("trainFraction", JSONValue(trainFraction)),
                 ("validationFraction", JSONValue(validationFraction)), ("rootModulus", JSONValue(rootModulus)),
                 ("rootAngle", JSONValue(rootAngle)), ("coefficientStd", JSONValue(coefficientStd)),
                 ("processNoiseStd", JSONValue(processNoiseStd)), ("targetNoiseStd", JSONValue(targetNoiseStd)),
                 ("initialStd", JSONValue(initialStd))])
    }
}
