import Foundation

/// `manifest.json`: what ran, with what, when, and the checksum of every output.
public struct Manifest: Codable, Equatable {
    public var specHash: String
    public var driftlabVersion: String
    public var gitCommit: String?
    public var seed: Int
    public var threads: Int
    public var stages: [StageRecord]
    /// Run-relative path → sha256, for every file a finished stage wrote.
    public var outputs: [String: String]

    public struct StageRecord: Codable, Equatable {
        public var name: String
        public var started: String
        public var ended: String
        public var seconds: Double
    }

    public func finished(_ stage: String) -> Bool { stages.contains { $0.name == stage } }

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
    public init(version: String, gitCommit: String?, threads: Int) {
        self.version = version
        self.gitCommit = gitCommit
        self.threads = threads
    }
}
