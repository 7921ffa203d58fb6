import Foundation
import Tensors

/// A sweep's members run on this machine: finished members are skipped, the others run as
/// ordinary runs (so an interrupted one resumes), one after another in this process, or
/// `jobs` at a time as child processes (`driftlab run` of the member's spec file) with the
/// threads divided between them; then the aggregate, once every member has finished.
public struct LocalSweep {
    public enum Event {
        case memberSkipped(String)
        case memberStarted(String, position: Int, of: Int)
        case member(String, ProgressEvent)
        case memberFinished(String)
        case memberFailed(String, String)
    }

    public let plan: SweepPlan
    public let folder: SweepFolder
    public let environment: RunEnvironment
    /// Members at a time; above 1, each runs as a child process of `executable`.
    public let jobs: Int
    /// The driftlab binary for child processes (jobs > 1).
    public let executable: URL?

    public init(plan: SweepPlan, folder: SweepFolder, environment: RunEnvironment, jobs: Int = 1, executable: URL? = nil) {
        self.plan = plan
        self.folder = folder
        self.environment = environment
        self.jobs = jobs
        self.executable = executable
    }

    /// Runs what is not finished, then the aggregate; throws when a member failed (after the
    /// others ran: one seed's divergence does not stop the rest).
    public func run(progress: @escaping (Event) -> Void) throws -> SweepAggregate.Outcome {
        try folder.prepare(plan)
        let record = try folder.readRecord()
        let todo = zip(plan.members, record.members).filter { !MemberState.isFinished($1, in: folder.memberFolder($1.name)) }.map(\.0)
        for member in plan.members where !todo.contains(where: { $0.name == member.name }) { progress(.memberSkipped(member.name)) }
        let failures = jobs > 1 && todo.count > 1 ? try runChildren(todo, progress: progress) : runHere(todo, progress: progress)
        if let first = failures.first {
            throw SweepError.membersFailed(names: failures.map(\.member), first: "\(first.member): \(first.error)")
        }
        return try SweepAggregate.write(folder)
    }

    func runHere(_ members: [SweepMember], progress: @escaping (Event) -> Void) -> [(member: String, error: String)] {
        var failures: [(member: String, error: String)] = []
        for (i, member) in members.enumerated() {
            progress(.memberStarted(member.name, position: i + 1, of: members.count))
            do {
                let runner = Runner(spec: member.spec, directory: folder.memberFolder(member.name), environment: environment,
                                    stages: try member.spec.stages())
                _ = try runner.run(force: false) { progress(.member(member.name, $0)) }
                progress(.memberFinished(member.name))
            } catch {
                failures.append((member.name, "\(error)"))
                progress(.memberFailed(member.name, "\(error)"))
            }
        }
        return failures
    }

    /// `jobs` workers take the members in order; each member is `driftlab run SPEC --out
    /// FOLDER --threads T --quiet` with T = max(1, threads / jobs), its errors in its run.log.
    func runChildren(_ members: [SweepMember], progress: @escaping (Event) -> Void) throws -> [(member: String, error: String)] {
        guard let executable else { throw SweepError.slurm("--jobs above 1 needs the driftlab binary to start members with") }
        let threads = max(1, environment.threads / jobs)
        let lock = NSLock()
        var next = 0
        var failures: [(member: String, error: String)] = []
        DispatchQueue.concurrentPerform(iterations: min(jobs, members.count)) { _ in
            while true {
                lock.lock()
                let i = next
                next += 1
                lock.unlock()
                guard i < members.count else { return }
                let member = members[i]
                let report: (Event) -> Void = { event in lock.lock(); progress(event); lock.unlock() }
                report(.memberStarted(member.name, position: i + 1, of: members.count))
                let process = Process()
                process.executableURL = executable
                process.arguments = ["run", folder.root.root.appendingPathComponent(folder.specPath(member.name)).path,
                                     "--out", folder.memberFolder(member.name).root.path, "--threads", String(threads), "--quiet"]
                process.standardInput = FileHandle.nullDevice
                process.standardOutput = FileHandle.nullDevice
                do {
                    try process.run()
                    process.waitUntilExit()
                } catch {
                    lock.lock(); failures.append((member.name, "cannot start \(executable.path): \(error)")); lock.unlock()
                    continue
                }
                if process.terminationStatus == 0 {
                    report(.memberFinished(member.name))
                } else {
                    let error = MemberState.loggedError(in: folder.memberFolder(member.name)) ?? "exit status \(process.terminationStatus)"
                    lock.lock(); failures.append((member.name, error)); lock.unlock()
                    report(.memberFailed(member.name, error))
                }
            }
        }
        // Back in the members' order, whichever finished first.
        return members.compactMap { m in failures.first { $0.member == m.name } }
    }
}
