import Foundation

/// Submits a prepared sweep to Slurm: the members not finished yet as one job array, then the
/// aggregate as a job that waits for the whole array to succeed (`--dependency=afterok`).
/// `slurm/jobs.json` records the ids and which member each task runs, for `driftlab status`.
public struct SlurmSubmission {
    public struct Jobs: Equatable {
        /// nil when every member had finished: only the aggregate was submitted.
        public var array: String?
        public var aggregate: String
        /// Task i of the array runs members[i].
        public var members: [String]
    }

    public let folder: SweepFolder
    public let options: SlurmOptions
    /// The driftlab binary the tasks run (absolute); `options.driftlab` wins.
    public let driftlab: String

    public init(folder: SweepFolder, options: SlurmOptions, driftlab: String) {
        self.folder = folder
        self.options = options
        self.driftlab = driftlab
    }

    static let jobsFile = "slurm/jobs.json"

    /// Writes the scripts and submits them with `sbatch --parsable`; returns the job ids.
    public func submit() throws -> Jobs {
        let record = try folder.readRecord()
        let root = folder.root.root.standardizedFileURL.path
        let binary = options.driftlab ?? driftlab
        for (what, path) in [("sweep folder", root), ("driftlab binary", binary)] where path.contains("'") || path.contains("\n") {
            throw SweepError.slurm("the \(what) \(path) has a quote or newline, which the sbatch script cannot hold")
        }
        // Not finished, and not still queued or running from an earlier submission (a second
        // run into its folder would be refused, and that task's failure hold the aggregate back).
        let queue = SlurmSubmission.latest(in: folder).map(SlurmQueue.states) ?? [:]
        let unfinished = record.members.filter { member in
            switch MemberState.read(member, in: folder.memberFolder(member.name), queue: queue[member.name]) {
            case .finished, .running, .queued: return false
            case .failed, .interrupted, .notStarted: return true
            }
        }.map(\.name)
        let scripts = SlurmScripts(root: root, name: record.name, members: unfinished, options: options, driftlab: binary)
        _ = try folder.slurm.folder("logs")
        try folder.root.write(scripts.aggregateText, to: SlurmScripts.aggregateScript)
        var jobs = Jobs(array: nil, aggregate: "", members: unfinished)
        var dependency: [String] = []
        if !unfinished.isEmpty {
            try folder.root.write(scripts.membersText, to: SlurmScripts.membersScript)
            let id = try sbatch([root + "/" + SlurmScripts.membersScript])
            jobs.array = id
            dependency = ["--dependency=afterok:\(id)"]
        }
        jobs.aggregate = try sbatch(dependency + [root + "/" + SlurmScripts.aggregateScript])
        try folder.root.write(SlurmSubmission.json(jobs).serialized(pretty: true), to: SlurmSubmission.jobsFile)
        return jobs
    }

    /// `sbatch --parsable …`: its output is "id" or "id;cluster".
    func sbatch(_ arguments: [String]) throws -> String {
        let result = try SlurmCommand.run("sbatch", ["--parsable"] + arguments)
        let id = result.output.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ";").first.map(String.init) ?? ""
        guard result.status == 0, !id.isEmpty, id.allSatisfy(\.isNumber) else {
            throw SweepError.slurm("sbatch \(arguments.joined(separator: " ")) failed (status \(result.status)): "
                                   + (result.errors.isEmpty ? result.output : result.errors).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return id
    }

    static func json(_ jobs: Jobs) -> JSONValue {
        .object([("array", jobs.array.map(JSONValue.string) ?? .null), ("aggregate", .string(jobs.aggregate)),
                 ("members", .array(jobs.members.map(JSONValue.string)))])
    }

    /// The latest submission's jobs, nil when the sweep was never submitted (or the file is unreadable).
    public static func latest(in folder: SweepFolder) -> Jobs? {
        guard let data = try? folder.root.read(jobsFile), let tree = try? JSONValue.parse(data) else { return nil }
        return try? SpecReader(tree, file: jobsFile).fields { f in
            Jobs(array: try f.optional("array")?.string(), aggregate: try f.required("aggregate").string(),
                 members: try f.required("members").list { try $0.string() })
        }
    }
}
