/// What a run reports while it works; the CLI turns events into lines on stderr.
public enum ProgressEvent {
    case stageStarted(String)
    case stageSkipped(String)
    case stageFinished(String, seconds: Double)
    case epoch(EpochProgress)
    case note(String)
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
