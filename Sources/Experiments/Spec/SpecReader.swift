/// Reads one JSON value of a spec into typed fields, knowing its path for error messages.
/// Objects are read through `fields(_:)`, which fails on any key the reader did not ask for,
/// so a typo is never ignored.
public struct SpecReader {
    public let value: JSONValue
    public let path: String
    public let file: String

    public init(_ value: JSONValue, path: String = "", file: String) {
        self.value = value
        self.path = path
        self.file = file
    }

    public func error(_ message: String) -> SpecError { SpecError(file: file, path: path, message) }

    func child(_ key: String, _ value: JSONValue) -> SpecReader {
        SpecReader(value, path: path.isEmpty ? key : path + "." + key, file: file)
    }

    public func number() throws -> Double {
        guard case .number(let x) = value else { throw error("expected a number, got \(value.kindName)") }
        // "1e400" parses as +infinity: a typo that must not become an infinite learning rate.
        guard x.isFinite else { throw error("expected a finite number, got one too large for a Double (\(x))") }
        return x
    }
    public func integer() throws -> Int {
        let x = try number()
        guard x == x.rounded(), abs(x) < 1e15 else { throw error("expected an integer, got \(JSONValue.format(x))") }
        return Int(x)
    }
    public func string() throws -> String {
        guard case .string(let s) = value else { throw error("expected a string, got \(value.kindName)") }
        return s
    }
    public func bool() throws -> Bool {
        guard case .bool(let b) = value else { throw error("expected true or false, got \(value.kindName)") }
        return b
    }
    public func list<T>(_ element: (SpecReader) throws -> T) throws -> [T] {
        guard case .array(let items) = value else { throw error("expected a list, got \(value.kindName)") }
        return try items.enumerated().map { i, item in
            try element(SpecReader(item, path: "\(path)[\(i)]", file: file))
        }
    }
    /// One of the allowed strings; `what` names the set in the error ("a figure of study …").
    public func choice(_ allowed: [String], what: String? = nil) throws -> String {
        let s = try string()
        guard allowed.contains(s) else {
            let list = allowed.isEmpty ? "none" : allowed.map { "\"\($0)\"" }.joined(separator: ", ")
            throw error("expected \(what.map { $0 + ", one of " } ?? "one of ")\(list), got \"\(s)\"")
        }
        return s
    }

    /// Reads an object with `body`, then rejects keys `body` did not read.
    public func fields<T>(_ body: (ObjectFields) throws -> T) throws -> T {
        guard case .object(let entries) = value else { throw error("expected an object, got \(value.kindName)") }
        let fields = ObjectFields(reader: self, entries: entries)
        let result = try body(fields)
        let unknown = entries.map(\.key).filter { !fields.read.contains($0) }
        if let key = unknown.first {
            throw child(key, .null).error("unknown key; allowed here: \(fields.read.sorted().joined(separator: ", "))")
        }
        return result
    }
}

/// The keys of one spec object, read one by one with defaults.
public final class ObjectFields {
    let reader: SpecReader
    let entries: [(key: String, value: JSONValue)]
    /// Keys asked for, present or not: what the object may contain.
    private(set) var read: Set<String> = []

    init(reader: SpecReader, entries: [(key: String, value: JSONValue)]) {
        self.reader = reader
        self.entries = entries
    }

    public var path: String { reader.path }

    /// The reader of `key`, or nil when absent (or null).
    public func optional(_ key: String) -> SpecReader? {
        read.insert(key)
        guard let v = entries.first(where: { $0.key == key })?.value, v != .null else { return nil }
        return reader.child(key, v)
    }
    public func required(_ key: String) throws -> SpecReader {
        guard let r = optional(key) else { throw reader.child(key, .null).error("required, but missing") }
        return r
    }
    /// `read(key)` or the default when absent.
    public func value<T>(_ key: String, default fallback: T, _ read: (SpecReader) throws -> T) throws -> T {
        try optional(key).map(read) ?? fallback
    }
    /// `key`'s value as written, without marking it read (for a decision another reader makes).
    public func peek(_ key: String) -> JSONValue? { entries.first { $0.key == key }?.value }
    /// Whether the object holds `key` (not null); does not mark it read.
    public func has(_ key: String) -> Bool { entries.contains { $0.key == key && $0.value != .null } }
    /// Marks a key as allowed without reading it (e.g. "extends", consumed earlier).
    public func allow(_ key: String) { read.insert(key) }
    /// An error at `key`'s path.
    public func error(_ key: String, _ message: String) -> SpecError { reader.child(key, .null).error(message) }
}

extension SpecReader {
    /// A number checked against a range: "must be > 0, got -1".
    public func number(greaterThan low: Double? = nil, atLeast min: Double? = nil, atMost max: Double? = nil) throws -> Double {
        let x = try number()
        if let low, !(x > low) { throw error("must be > \(JSONValue.format(low)), got \(JSONValue.format(x))") }
        if let min, !(x >= min) { throw error("must be ≥ \(JSONValue.format(min)), got \(JSONValue.format(x))") }
        if let max, !(x <= max) { throw error("must be ≤ \(JSONValue.format(max)), got \(JSONValue.format(x))") }
        return x
    }
    public func integer(atLeast min: Int? = nil, atMost max: Int? = nil) throws -> Int {
        let x = try integer()
        if let min, x < min { throw error("must be ≥ \(min), got \(x)") }
        if let max, x > max { throw error("must be ≤ \(max), got \(x)") }
        return x
    }
}
