/// A metric that cannot be computed from its input, naming the metric and the problem.
/// `kind` lets a caller tell an expected gap (e.g. a constant heatmap, whose correlation is
/// undefined) from a bug (mismatched lengths) without parsing the message.
public struct MetricError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable, Equatable {
        case emptyInput
        case mismatchedLengths
        case notFinite
        /// Every value equal, so a quantity the metric divides by is zero.
        case constantInput
        case mapSmallerThanWindow
        case invalidArgument
    }

    public let metric: String
    public let kind: Kind
    public let problem: String

    public init(_ metric: String, _ kind: Kind, _ problem: String) {
        self.metric = metric
        self.kind = kind
        self.problem = problem
    }

    public var description: String { "\(metric): \(problem)" }
}

// Input checks shared by the metrics; each throws the error above naming the calling metric.
extension MetricError {
    static func requireNonEmpty(_ count: Int, _ metric: String) throws {
        if count == 0 { throw MetricError(metric, .emptyInput, "empty input") }
    }

    static func requireSameCount(_ a: Int, _ b: Int, _ metric: String) throws {
        if a != b {
            throw MetricError(metric, .mismatchedLengths, "inputs have different lengths (\(a) and \(b))")
        }
    }

    /// NaN would silently poison sums and break the strict ordering sorting relies on; ±∞ has
    /// no meaningful mean. Both are rejected with the first offending index.
    static func requireFinite<C: Collection>(_ values: C, _ name: String, _ metric: String) throws
    where C.Element: BinaryFloatingPoint, C.Index == Int {
        for i in values.indices where !values[i].isFinite {
            let what = values[i].isNaN ? "NaN" : "infinity"
            throw MetricError(metric, .notFinite, "\(what) in \(name) at index \(i)")
        }
    }
}
