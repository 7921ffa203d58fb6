/// Building the resolved spec: every field, defaults included, in a fixed order.
extension JSONValue {
    init(_ x: Double) { self = .number(x) }
    init(_ x: Int) { self = .number(Double(x)) }
    init(_ x: Float) { self = .number(Double(x)) }
    init(_ s: String) { self = .string(s) }
    init(_ b: Bool) { self = .bool(b) }
    init(_ xs: [Int]) { self = .array(xs.map { .number(Double($0)) }) }
    init(_ xs: [Double]) { self = .array(xs.map { .number($0) }) }
    init(_ xs: [String]) { self = .array(xs.map { .string($0) }) }
}

/// A spec section that reads itself from a `SpecReader` and writes itself back with every
/// default filled in, so `spec.resolved.json` shows what actually ran.
public protocol SpecSection: Equatable {
    init(_ reader: SpecReader) throws
    var json: JSONValue { get }
}
