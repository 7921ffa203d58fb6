/// A figure a spec's `figures` list can ask for. Each study declares its own names beside its
/// drawings (`Study.figures`), so the closed set a spec is checked against is the study's.
public struct FigureName: RawRepresentable, Hashable, Sendable {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// One of `study`'s figures; the error lists them.
    init(_ reader: SpecReader, of study: any Study.Type) throws {
        self.init(rawValue: try reader.choice(study.figures.map(\.rawValue), what: "a figure of study \"\(study.name)\""))
    }
}

/// A metric a spec's `metrics` list can ask for: what the study computes, and so which tables'
/// columns and figures exist. Each study declares its names (`Study.metrics`).
public struct MetricName: RawRepresentable, Hashable, Sendable {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// One of `study`'s metrics; the error lists them.
    init(_ reader: SpecReader, of study: any Study.Type) throws {
        self.init(rawValue: try reader.choice(study.metrics.map(\.rawValue), what: "a metric of study \"\(study.name)\""))
    }
}

extension SpecReader {
    /// One of a closed set of names, decoded here: the error lists every valid one.
    public func choice<Name: RawRepresentable & CaseIterable>(_: Name.Type) throws -> Name where Name.RawValue == String {
        Name(rawValue: try choice(Name.allCases.map(\.rawValue)))!  // `choice` accepted only these names
    }
}
