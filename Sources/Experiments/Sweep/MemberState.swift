import Foundation
import Tensors
#if canImport(Glibc)
import Glibc
#endif

/// Where one member of a sweep stands, read from its run folder (and the Slurm queue).
public enum MemberState: Equatable {
    /// Every stage of its spec recorded in its manifest, every recorded output there.
    case finished
    /// A process holds its run folder's lock (or Slurm says its task runs); the last epoch
    /// train/metrics.csv has, if any.
    case running(epoch: Int?)
    /// Waiting in the Slurm queue.
    case queued
    /// Its last run stopped with an error: run.log's "stopped: …" line, without the stamp.
    case failed(error: String)
    /// Started, not running, not finished and no error logged: killed (kill -9, a node lost,
    /// Slurm's time limit). A rerun resumes it.
    case interrupted(epoch: Int?)
    case notStarted

    public var isFinished: Bool { self == .finished }

    /// "finished", "running (epoch 12)", "failed: …" as `driftlab status` prints it.
    public var description: String {
        switch self {
        case .finished: return "finished"
        case .running(let epoch): return "running" + (epoch.map { " (epoch \($0))" } ?? "")
        case .queued: return "queued"
        case .failed(let error): return "failed: \(error)"
        case .interrupted(let epoch): return "interrupted" + (epoch.map { " (after epoch \($0))" } ?? "") + "; a rerun resumes it"
        case .notStarted: return "not started"
        }
    }

    /// The state of `member` in `folder`; `queue` is the member's Slurm state, when known.
    public static func read(_ member: SweepRecord.Member, in folder: RunDirectory, queue: SlurmQueue.TaskState? = nil) -> MemberState {
        if isFinished(member, in: folder) { return .finished }
        if queue == .pending { return .queued }
        let epoch = lastEpoch(in: folder)
        if queue == .running || isLocked(folder) { return .running(epoch: epoch) }
        guard let log = try? FileContents.read(folder.root.appendingPathComponent(RunLog.name)), !log.isEmpty else { return .notStarted }
        return loggedError(log).map { .failed(error: $0) } ?? .interrupted(epoch: epoch)
    }

    /// The error the latest run in run.log stopped with: its "stopped: …" line after the last
    /// "run of" line, without the stamp.
    static func loggedError(_ log: Data) -> String? {
        let lines = String(decoding: log, as: UTF8.self).split(separator: "\n").map(String.init)
        let latest = lines.lastIndex { $0.contains(" run of ") }.map { Array(lines[$0...]) } ?? lines
        guard let stopped = latest.last(where: { $0.contains(" stopped: ") }), let range = stopped.range(of: " stopped: ") else { return nil }
        return String(stopped[range.upperBound...])
    }

    /// `loggedError` of the run.log in `folder`.
    public static func loggedError(in folder: RunDirectory) -> String? {
        (try? FileContents.read(folder.root.appendingPathComponent(RunLog.name))).flatMap(loggedError)
    }

    static func isFinished(_ member: SweepRecord.Member, in folder: RunDirectory) -> Bool {
        guard let data = try? FileContents.read(folder.manifest), let manifest = try? Manifest.decode(data) else { return false }
        return manifest.specHash == member.specHash && member.stages.allSatisfy(manifest.finished)
            && manifest.outputs.keys.allSatisfy(folder.exists)
    }

    /// The epoch of train/metrics.csv's last row.
    static func lastEpoch(in folder: RunDirectory) -> Int? {
        guard let data = try? FileContents.read(folder.root.appendingPathComponent(TrainingHistory.artifact.path)) else { return nil }
        let last = String(decoding: data, as: UTF8.self).split(separator: "\n").dropFirst().last
        return last.flatMap { Int($0.prefix { $0 != "," }) }
    }

    /// Whether a run holds the folder's lock now: the lock is taken and dropped at once when free.
    static func isLocked(_ folder: RunDirectory) -> Bool {
        let path = folder.root.appendingPathComponent(RunLock.name).path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        if flock(fd, LOCK_SH | LOCK_NB) == 0 { _ = flock(fd, LOCK_UN); return false }
        return errno == EWOULDBLOCK
    }
}
