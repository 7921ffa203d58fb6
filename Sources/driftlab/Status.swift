import ArgumentParser
import Experiments
import Foundation

/// Where each member of a sweep stands, from its run folder and (when there) Slurm's queue.
struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List a sweep's members: finished, running (with its last epoch), queued, failed (with its error), interrupted or not started.",
        discussion: """
            Reads RESULTS_DIR/sweep.json and each member's folder (manifest.json, run.log, train/metrics.csv); \
            after a Slurm submission also `squeue` for the tasks of its job array, when squeue is on PATH. \
            Exit status 0 when every member has finished, 1 otherwise.
            """)

    @Argument(help: "The sweep's folder (results/<spec name>, or the run's --out).")
    var folder: String

    func run() throws {
        let allFinished = try withExitStatus { () -> Bool in
            let sweep = SweepFolder(URL(fileURLWithPath: folder))
            let record = try sweep.readRecord()
            let queue = SlurmSubmission.latest(in: sweep).map(SlurmQueue.states) ?? [:]
            let width = record.members.map(\.name.count).max() ?? 0
            var counts: [(state: String, count: Int)] = []
            for member in record.members {
                let state = MemberState.read(member, in: sweep.memberFolder(member.name), queue: queue[member.name])
                print(member.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + state.description)
                // "running (epoch 3)" counts as "running", "failed: …" as "failed".
                let kind = state.description.prefix { $0.isLetter || $0 == " " }.trimmingCharacters(in: .whitespaces)
                if let i = counts.firstIndex(where: { $0.state == kind }) { counts[i].count += 1 } else { counts.append((kind, 1)) }
            }
            print(counts.map { "\($0.count) \($0.state)" }.joined(separator: ", ") + " (of \(record.members.count))")
            return counts.first { $0.state == "finished" }?.count == record.members.count
        }
        if !allFinished { throw ExitCode(ExitStatus.failure) }
    }
}
