import Foundation

/// What a run reports while it works; the CLI turns events into lines on stderr.
public enum ProgressEvent {
    case stageStarted(String)
    case stageSkipped(String)
    case stageFinished(String, seconds: Double)
    case epoch(EpochProgress)
    /// A training batch done: progress inside an epoch (a full-size CIFAR-10 epoch is minutes).
    case batch(BatchProgress)
    /// Progress inside a long loop of a stage other than training (maps over snapshots, an
    /// optimisation's steps), shown like batch progress.
    case work(WorkProgress)
    case note(String)
}

/// `done` of `total` items of `what`, and the time left at the rate so far.
public struct WorkProgress {
    public var what: String
    public var done: Int
    public var total: Int
    public var secondsLeft: Double
}

/// Times a loop of `total` items and makes its `.work` events.
public struct WorkClock {
    public let what: String
    public let total: Int
    let started = Date()

    public init(_ what: String, total: Int) {
        self.what = what
        self.total = total
    }

    /// After `done` items: the mean time per item so far times the items left.
    public func event(done: Int) -> ProgressEvent {
        let elapsed = Date().timeIntervalSince(started)
        return .work(WorkProgress(what: what, done: done, total: total,
                                  secondsLeft: done > 0 ? elapsed / Double(done) * Double(total - done) : .nan))
    }
}

/// Durations in progress lines and run.log: seconds under 90 s, minutes under 90 min, hours beyond.
public enum ProgressDuration {
    public static func text(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "?" }
        return seconds < 90 ? String(format: "%.1f s", seconds) : seconds < 5400 ? String(format: "%.0f min", seconds / 60)
            : String(format: "%.1f h", seconds / 3600)
    }
}

/// Batches done in the current epoch, with the rate so far and the time the epoch has left.
public struct BatchProgress {
    public var epoch: Int
    public var epochs: Int
    public var batch: Int
    public var batches: Int
    public var samplesPerSecond: Double
    public var secondsLeftInEpoch: Double
}

/// One finished training epoch.
public struct EpochProgress {
    public var epoch: Int
    public var epochs: Int
    public var trainLoss: Double
    public var validationLoss: Double?
    public var samplesPerSecond: Double
    public var secondsLeft: Double
}

public typealias ProgressHandler = (ProgressEvent) -> Void
