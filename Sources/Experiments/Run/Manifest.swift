import Foundation

/// `manifest.json`: what ran, with what, when, and the checksum of every output.
public struct Manifest: Codable, Equatable {
    public var specHash: String
    public var driftlabVersion: String
    public var gitCommit: String?
    public var seed: Int
    /// The thread count of the latest invocation that ran a stage (also in `numeric`).
    public var threads: Int
    public var stages: [StageRecord]
    /// Run-relative path → sha256, for every file a finished stage wrote.
    public var outputs: [String: String]
    /// Where the numbers were computed: the latest invocation that ran a stage. Absent in
    /// manifests written before it was recorded (read as contract "unknown").
    public var numeric: NumericEnvironment? = nil
    /// Every distinct environment that ran stages of this folder, oldest first: more than one
    /// entry means the run was resumed on another machine, thread count or GEMM kernel.
    public var numericHistory: [NumericEnvironment]? = nil

    public struct StageRecord: Codable, Equatable {
        public var name: String
        public var started: String
        public var ended: String
        public var seconds: Double
    }

    public func finished(_ stage: String) -> Bool { stages.contains { $0.name == stage } }

    /// `numeric`, or `NumericEnvironment.unrecorded` for an older manifest.
    public var recordedNumeric: NumericEnvironment { numeric ?? .unrecorded }

    /// Why a run recorded here may not continue under `now` (empty: it may). A manifest
    /// without the numeric record differs in its contract, "unknown".
    public func contractDifferences(_ now: NumericEnvironment) -> [NumericEnvironment.ContractDifference] {
        guard let numeric else {
            return [.init(part: "contract", before: "unknown (the manifest predates the numeric record)", now: now.contract)]
        }
        return numeric.contractDifferences(now)
    }

    /// Records that `environment` is running stages now.
    public mutating func contribute(_ environment: NumericEnvironment) {
        numeric = environment
        threads = environment.threads
        var history = numericHistory ?? []
        if !history.contains(environment) { history.append(environment) }
        numericHistory = history
    }

    public static func decode(_ data: Data) throws -> Manifest {
        try JSONDecoder().decode(Manifest.self, from: data)
    }

    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self) + Data("\n".utf8)
    }
}

/// Facts about the program doing the run, supplied by the CLI.
public struct RunEnvironment {
    public var version: String
    public var gitCommit: String?
    public var threads: Int
    /// This machine and build (`NumericEnvironment.current(threads:)` unless given).
    public var numeric: NumericEnvironment
    public init(version: String, gitCommit: String?, threads: Int, numeric: NumericEnvironment? = nil) {
        self.version = version
        self.gitCommit = gitCommit
        self.threads = threads
        self.numeric = numeric ?? .current(threads: threads)
    }
}
