/// One entry of `attribution`: a method and its parameters.
public enum AttributionSpec: SpecSection {
    case gradient
    case timeSmoothGrad(window: Int)
    case image(ImageAttributionSpec)

    public static let methods = SeriesMethod.allCases.map(\.rawValue) + ImageAttributionSpec.methods

    public init(_ reader: SpecReader) throws {
        if case .string(let m)? = reader.value["method"], ImageAttributionSpec.methods.contains(m) {
            self = .image(try ImageAttributionSpec(reader))
            return
        }
        self = try reader.fields { f in
            // Image names were dispatched above, so the name is one of the series methods.
            switch SeriesMethod(rawValue: try f.required("method").choice(AttributionSpec.methods))! {
            case .timeSmoothGrad:
                return .timeSmoothGrad(window: try f.value("window", default: 50) { try $0.integer(atLeast: 1) })
            case .gradient:
                return .gradient
            }
        }
    }

    /// The time-series methods (paper 000).
    enum SeriesMethod: String, CaseIterable { case gradient, timeSmoothGrad = "time-smoothgrad" }

    public var json: JSONValue {
        switch self {
        case .gradient: return .object([("method", "gradient")])
        case .timeSmoothGrad(let k): return .object([("method", "time-smoothgrad"), ("window", JSONValue(k))])
        case .image(let s): return s.json
        }
    }

    /// The file stem of this method's maps: "gradient", "time-smoothgrad".
    public var name: String {
        switch self {
        case .gradient: return "gradient"
        case .timeSmoothGrad: return "time-smoothgrad"
        case .image(let s): return s.method.rawValue
        }
    }
}

/// `reference`: the epoch every drift is measured against.
public enum ReferenceSpec: SpecSection {
    case epoch(Int)
    case bestValidationLoss
    case bestValidationAccuracy
    case last

    public init(_ reader: SpecReader) throws {
        self = try reader.fields { f in
            guard let r = f.optional("epoch") else { return .bestValidationLoss }
            if case .number = r.value { return .epoch(try r.integer(atLeast: 1)) }
            switch try r.choice(["best-validation", "best-validation-loss", "best-validation-accuracy", "last"]) {
            case "best-validation-accuracy": return .bestValidationAccuracy
            case "last": return .last
            default: return .bestValidationLoss
            }
        }
    }

    public var json: JSONValue {
        switch self {
        case .epoch(let e): return .object([("epoch", JSONValue(e))])
        case .bestValidationLoss: return .object([("epoch", "best-validation-loss")])
        case .bestValidationAccuracy: return .object([("epoch", "best-validation-accuracy")])
        case .last: return .object([("epoch", "last")])
        }
    }
}
