import Foundation

/// One swept key: its dotted path in the spec ("seed", "training.optimizer.lr") and the values
/// the members take, in the order written.
public struct SweepAxis: Equatable {
    public let key: String
    public let values: [JSONValue]
    /// Each value's part of a member's folder name ("0.01", "adam"), distinct within the axis.
    public let labels: [String]
    /// Where the values came from, for errors: a spec file or "--sweep".
    public let file: String

    /// The key that repeats a run rather than changing it: the aggregate pools over it.
    public static let replicateKey = "seed"

    /// Checks the key's form and the values (a non-empty list of distinct values, each naming
    /// its member); `path` is where errors point ("sweep.seed").
    init(key: String, values: [JSONValue], file: String, path: String) throws {
        let part = "[A-Za-z_][A-Za-z0-9_]*(\\[[0-9]+\\])?"
        guard key.range(of: "^\(part)(\\.\(part))*$", options: .regularExpression) != nil else {
            throw SpecError(file: file, path: path, "expected a dotted key of the spec (seed, training.optimizer.lr, attribution[1].window)")
        }
        if let root = key.split(separator: ".").first.map(String.init), SweepAxis.reservedKeys.contains(root) {
            throw SpecError(file: file, path: path, "\(root) cannot be swept: \(SweepAxis.reservedKeys.sorted().joined(separator: ", ")) are not spec fields a member can vary")
        }
        guard !values.isEmpty else { throw SpecError(file: file, path: path, "expected at least one value") }
        var labels: [String] = []
        for (i, value) in values.enumerated() {
            if let j = values[..<i].firstIndex(of: value) {
                throw SpecError(file: file, path: "\(path)[\(i)]", "\(value) is already value [\(j)]: each member must differ")
            }
            let label = SweepAxis.label(value, index: i)
            if let j = labels.firstIndex(of: label) {
                throw SpecError(file: file, path: "\(path)[\(i)]", "\(value) names its member \"\(label)\", as value [\(j)] does")
            }
            labels.append(label)
        }
        self.key = key
        self.values = values
        self.labels = labels
        self.file = file
    }

    /// Top-level keys a member never varies: the run's folder name and the sweep's own sections.
    static let reservedKeys: Set<String> = ["name", "extends", SweepSpec.sectionKey, ExecutorSpec.sectionKey]

    /// A number as JSON writes it (0.01, 3), a string with anything but letters, digits, '.'
    /// and '-' made '-', true/false; a list or object by its position ("v2"), as it has no short name.
    static func label(_ value: JSONValue, index: Int) -> String {
        switch value {
        case .number(let x): return JSONValue.format(x)
        case .bool(let b): return b ? "true" : "false"
        case .string(let s):
            let kept = String(s.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) && $0.isASCII || $0 == "." || $0 == "-" ? Character($0) : "-" })
            return kept.isEmpty ? "v\(index + 1)" : kept
        case .null, .array, .object: return "v\(index + 1)"
        }
    }

    /// Values as a spec writes them: a list, or `{"range": [from, to]}` (integers from ≤ i < to,
    /// as Python's range) or `{"range": [from, to, step]}`.
    static func values(_ reader: SpecReader) throws -> [JSONValue] {
        if case .array(let items) = reader.value { return items }
        return try reader.fields { f in
            let bounds = try f.required("range").list { try $0.integer() }
            guard bounds.count == 2 || bounds.count == 3 else {
                throw f.error("range", "expected [from, to] or [from, to, step], got \(bounds.count) numbers")
            }
            let step = bounds.count == 3 ? bounds[2] : 1
            guard step > 0, bounds[1] > bounds[0] else {
                throw f.error("range", "expected from < to and a step > 0 (to is excluded, as in Python), got \(bounds)")
            }
            return stride(from: bounds[0], to: bounds[1], by: step).map { JSONValue.number(Double($0)) }
        }
    }

    /// A command-line sweep, `key=values`: `seed=0..9` (integers, both ends included),
    /// `training.optimizer.lr=0.01,0.05`, or a JSON list `model.hidden=[[32],[64]]`. Each
    /// comma-separated value is read as JSON when it parses, as a string otherwise (as `--set`).
    public init(commandLine text: String) throws {
        let file = "--sweep"
        guard let eq = text.firstIndex(of: "="), eq != text.startIndex else {
            throw SpecError(file: file, path: "", "expected key=values (seed=0..9, training.optimizer.lr=0.01,0.05), got \"\(text)\"")
        }
        let key = String(text[..<eq]), written = String(text[text.index(after: eq)...])
        let path = SweepSpec.sectionKey + "." + key
        let values: [JSONValue]
        let bounds = written.components(separatedBy: "..")
        if bounds.count == 2, let a = Int(bounds[0]), let b = Int(bounds[1]) {
            guard a <= b else { throw SpecError(file: file, path: path, "range \(written) is empty: write from..to with from ≤ to") }
            values = (a...b).map { .number(Double($0)) }
        } else if case .array(let items)? = try? JSONValue.parse(Data(written.utf8)) {
            values = items
        } else {
            values = written.split(separator: ",", omittingEmptySubsequences: false).map { part in
                (try? JSONValue.parse(Data(part.utf8))) ?? .string(String(part))
            }
        }
        try self.init(key: key, values: values, file: file, path: path)
    }
}

/// The spec's `"sweep"` section: keys and the values each takes; the members are every
/// combination (a grid), the first key varying slowest.
public struct SweepSpec: Equatable {
    public static let sectionKey = "sweep"
    public var axes: [SweepAxis]

    public init(axes: [SweepAxis] = []) { self.axes = axes }

    /// Reads `"sweep": {"seed": [0, 1, 2], "training.optimizer.lr": {"range": …}}`.
    public init(_ reader: SpecReader) throws {
        guard case .object(let entries) = reader.value else {
            throw reader.error("expected an object of dotted keys and their values, got \(reader.value.kindName)")
        }
        guard !entries.isEmpty else { throw reader.error("expected at least one key to sweep") }
        axes = try entries.map { key, value in
            let child = SpecReader(value, path: reader.path + "." + key, file: reader.file)
            return try SweepAxis(key: key, values: try SweepAxis.values(child), file: reader.file, path: child.path)
        }
    }

    public var isEmpty: Bool { axes.isEmpty }

    /// Adds a command-line axis; one for a key the spec already sweeps replaces it in place.
    public mutating func add(_ axis: SweepAxis) {
        if let i = axes.firstIndex(where: { $0.key == axis.key }) { axes[i] = axis } else { axes.append(axis) }
    }

    /// Every combination of the values, as indices into each axis, the last axis varying fastest.
    var combinations: [[Int]] {
        axes.reduce([[]]) { partial, axis in partial.flatMap { prefix in axis.values.indices.map { prefix + [$0] } } }
    }
}
