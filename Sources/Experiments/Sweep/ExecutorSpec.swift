/// Where a sweep's members run.
public enum ExecutorKind: String, CaseIterable, Sendable {
    /// On this machine, `jobs` members at a time.
    case local
    /// As a Slurm job array, one task per unfinished member, and the aggregate as a job after it.
    case slurm
}

/// The spec's `"executor"` section (each field also a command-line option, which wins):
/// `{"kind": "slurm", "partition": "cpu", "time": "01:00:00", "cpusPerTask": 4, "memory": "8G",
///   "sbatch": ["--account=lab"]}`, or `{"kind": "local", "jobs": 2}`.
public struct ExecutorSpec: Equatable, Sendable {
    public static let sectionKey = "executor"

    public var kind: ExecutorKind = .local
    /// Members at a time on the local executor; the threads are divided between them.
    public var jobs: Int = 1
    public var slurm = SlurmOptions()

    public init() {}

    public init(_ reader: SpecReader) throws {
        self = try reader.fields { f in
            var spec = ExecutorSpec()
            spec.kind = try f.value("kind", default: ExecutorKind.local) { try $0.choice(ExecutorKind.self) }
            spec.jobs = try f.value("jobs", default: 1) { try $0.integer(atLeast: 1, atMost: 256) }
            spec.slurm.partition = try f.optional("partition")?.string()
            spec.slurm.time = try f.optional("time")?.string()
            spec.slurm.cpusPerTask = try f.optional("cpusPerTask")?.integer(atLeast: 1, atMost: 1024)
            spec.slurm.memory = try f.optional("memory")?.string()
            spec.slurm.extraLines = try f.value("sbatch", default: []) { try $0.list { try $0.string() } }
            spec.slurm.driftlab = try f.optional("driftlab")?.string()
            return spec
        }
        try slurm.check(file: reader.file, path: reader.path)
    }
}

/// What the sbatch scripts ask of Slurm; nil leaves the cluster's default.
public struct SlurmOptions: Equatable, Sendable {
    public var partition: String?
    /// Per member, as sbatch's --time takes it ("01:30:00", "90").
    public var time: String?
    /// Cores per member: also the member's --threads (default 2).
    public var cpusPerTask: Int?
    /// Per member, as sbatch's --mem takes it ("4G").
    public var memory: String?
    /// More `#SBATCH` lines, e.g. "--account=lab" (a leading "#SBATCH " is allowed).
    public var extraLines: [String] = []
    /// The driftlab binary the tasks run (absolute path on the cluster); default: this one.
    public var driftlab: String?

    public init() {}

    /// Values go into a shell script: a newline or a quote there would be another command.
    public func check(file: String, path: String) throws {
        let named: [(String, String?)] = [("partition", partition), ("time", time), ("memory", memory), ("driftlab", driftlab)]
            + extraLines.enumerated().map { ("sbatch[\($0.offset)]", $0.element) }
        for (key, value) in named {
            guard let value else { continue }
            if value.isEmpty || value.contains(where: { $0.isNewline || $0 == "'" || $0 == "\"" || $0 == "`" || $0 == "$" }) {
                throw SpecError(file: file, path: path.isEmpty ? key : path + "." + key,
                                "expected a non-empty value without newlines, quotes, backquotes or $, got \"\(value)\"")
            }
        }
    }

    /// `other`'s fields where it has them (the command line over the spec).
    public func overridden(by other: SlurmOptions) -> SlurmOptions {
        var merged = self
        merged.partition = other.partition ?? partition
        merged.time = other.time ?? time
        merged.cpusPerTask = other.cpusPerTask ?? cpusPerTask
        merged.memory = other.memory ?? memory
        merged.extraLines = extraLines + other.extraLines
        merged.driftlab = other.driftlab ?? driftlab
        return merged
    }
}
