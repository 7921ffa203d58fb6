/// What a run reports while it works; the CLI turns events into lines on stderr.
public enum ProgressEvent {
    case stageStarted(String)
    case stageSkipped(String)
    case stageFinished(String, seconds: Double)
    case epoch(EpochProgress)
    /// A training batch done: progress inside an epoch (a full-size CIFAR-10 epoch is minutes).
    case batch(BatchProgress)
    case note(String)
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
