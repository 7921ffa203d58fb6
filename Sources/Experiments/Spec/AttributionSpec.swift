import Attribution

/// One entry of `attribution`: a method of the registry `AttributionMethods`, configured from
/// the entry's options. The method's own file says which options it reads and their defaults;
/// the entry records them all, given or defaulted, for the resolved spec.
public struct AttributionSpec: SpecSection {
    /// The configured method.
    public let method: any ConfigurableMethod
    /// `{"method": name, option: value…}` in the order the method read them.
    public let json: JSONValue

    public static var methods: [String] { AttributionMethods.all.map { $0.name } }

    public init(_ reader: SpecReader) throws {
        (method, json) = try reader.fields { f in
            let name = try f.required("method").choice(AttributionSpec.methods)
            let options = SpecMethodParameters(f)
            let method = try AttributionMethods.named(name)!.init(options)  // `choice` accepted only registered names
            return (method, .object([("method", JSONValue(name))] + options.recorded))
        }
    }

    /// The file stem of this method's maps: "gradient", "smoothgrad".
    public var name: String { method.name }

    public static func == (a: AttributionSpec, b: AttributionSpec) -> Bool { a.json == b.json }
}

/// A method's options read from its spec object: errors name the JSON path, and every value is
/// recorded (defaults too) so the resolved spec says what ran.
final class SpecMethodParameters: MethodParameters {
    let fields: ObjectFields
    private(set) var recorded: [(key: String, value: JSONValue)] = []

    init(_ fields: ObjectFields) { self.fields = fields }

    func integer(_ key: String, default fallback: Int, atLeast min: Int) throws -> Int {
        let x = try fields.value(key, default: fallback) { try $0.integer(atLeast: min) }
        recorded.append((key, JSONValue(x)))
        return x
    }
    func number(_ key: String, default fallback: Double, atLeast min: Double?) throws -> Double {
        let x = try fields.value(key, default: fallback) { try $0.number(atLeast: min) }
        recorded.append((key, JSONValue(x)))
        return x
    }
    func flag(_ key: String, default fallback: Bool) throws -> Bool {
        let x = try fields.value(key, default: fallback) { try $0.bool() }
        recorded.append((key, JSONValue(x)))
        return x
    }
    func text(_ key: String) throws -> String? {
        let x = try fields.optional(key).map { try $0.string() }
        recorded.append((key, x.map { JSONValue($0) } ?? .null))
        return x
    }
    func numbers(_ key: String, default fallback: [Double], atLeast min: Double?) throws -> [Double] {
        let x = try fields.value(key, default: fallback) { try $0.list { try $0.number(atLeast: min) } }
        recorded.append((key, .array(x.map { JSONValue($0) })))
        return x
    }
    func choice<Name: RawRepresentable & CaseIterable>(_ key: String, default fallback: Name) throws -> Name where Name.RawValue == String {
        let x = try fields.value(key, default: fallback) { try $0.choice(Name.self) }
        recorded.append((key, JSONValue(x.rawValue)))
        return x
    }
}

/// `reference`: the epoch every drift is measured against.
public enum ReferenceSpec: SpecSection {
    case epoch(Int)
    case bestValidationLoss
    case bestValidationAccuracy
    case last

    /// The names `reference.epoch` takes besides a number ("best-validation" reads as the loss).
    enum Rule: String, CaseIterable {
        case bestValidation = "best-validation", bestValidationLoss = "best-validation-loss"
        case bestValidationAccuracy = "best-validation-accuracy", last
    }

    public init(_ reader: SpecReader) throws {
        self = try reader.fields { f in
            guard let r = f.optional("epoch") else { return .bestValidationLoss }
            if case .number = r.value { return .epoch(try r.integer(atLeast: 1)) }
            switch try r.choice(Rule.self) {
            case .bestValidation, .bestValidationLoss: return .bestValidationLoss
            case .bestValidationAccuracy: return .bestValidationAccuracy
            case .last: return .last
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
