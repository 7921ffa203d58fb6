import Foundation

/// What `squeue` says of a submission's array tasks, by member: the one thing the run folders
/// cannot tell (a task waiting for a node, a task running on a node whose lock we cannot see).
public enum SlurmQueue {
    public enum TaskState: Equatable {
        case pending, running
    }

    /// The queued or running tasks of `jobs`' array, by member name; empty when squeue is not
    /// installed, fails, or no longer knows the job.
    public static func states(of jobs: SlurmSubmission.Jobs) -> [String: TaskState] {
        guard let array = jobs.array, SlurmCommand.find("squeue") != nil,
              let result = try? SlurmCommand.run("squeue", ["--noheader", "--array", "--jobs", array, "--format", "%i|%T"]),
              result.status == 0 else { return [:] }
        return parse(result.output, members: jobs.members)
    }

    /// Lines "123_4|RUNNING"; a still-pending range "123_[5-7,9%2]|PENDING" lists every task in it.
    static func parse(_ output: String, members: [String]) -> [String: TaskState] {
        var states: [String: TaskState] = [:]
        for line in output.split(separator: "\n") {
            let parts = line.split(separator: "|")
            guard parts.count == 2, let underscore = parts[0].firstIndex(of: "_") else { continue }
            let state: TaskState
            switch parts[1].trimmingCharacters(in: .whitespaces) {
            case "PENDING", "CONFIGURING", "REQUEUED": state = .pending
            case "RUNNING", "COMPLETING": state = .running
            default: continue
            }
            for task in tasks(String(parts[0][parts[0].index(after: underscore)...])) where members.indices.contains(task) {
                states[members[task]] = state
            }
        }
        return states
    }

    /// "4" → [4]; "[5-7,9%2]" → [5, 6, 7, 9] (the "%2" is the array's throttle).
    static func tasks(_ text: String) -> [Int] {
        let inner = text.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).split(separator: "%").first ?? ""
        return inner.split(separator: ",").flatMap { part -> [Int] in
            let bounds = part.split(separator: "-").compactMap { Int($0) }
            if bounds.count == 2, bounds[0] <= bounds[1] { return Array(bounds[0]...bounds[1]) }
            return bounds.count == 1 ? bounds : []
        }
    }
}
