import Foundation

/// `run.log` in the run folder: what a run reported, one timestamped line per event, appended
/// across resumes, so a finished or killed run says afterwards what it did and how long each
/// stage took. Batch progress goes in at most once a minute. It is a record, not a result:
/// not in the manifest's outputs, not compared by `verify`, and a failure to write it never
/// stops a run.
public final class RunLog {
    public static let name = "run.log"
    let handle: FileHandle?
    let clock = ISO8601DateFormatter()
    private var lastProgressLine = Date.distantPast

    init(folder: URL) {
        let path = folder.appendingPathComponent(RunLog.name).path
        if !FileManager.default.fileExists(atPath: path) { FileManager.default.createFile(atPath: path, contents: nil) }
        handle = FileHandle(forWritingAtPath: path)
        _ = try? handle?.seekToEnd()
    }

    deinit { try? handle?.close() }

    func write(_ text: String) {
        let stamp = clock.string(from: Date())
        try? handle?.write(contentsOf: Data("\(stamp) \(text)\n".utf8))
    }

    func record(_ event: ProgressEvent) {
        switch event {
        case .stageStarted(let name): write("[\(name)] started")
        case .stageSkipped(let name): write("[\(name)] already done")
        case .stageFinished(let name, let seconds): write("[\(name)] finished in \(ProgressDuration.text(seconds))")
        case .note(let text): write("  \(text)")
        case .epoch(let e):
            write("  epoch \(e.epoch)/\(e.epochs) loss \(String(format: "%.4f", e.trainLoss))"
                  + (e.validationLoss.map { " val \(String(format: "%.4f", $0))" } ?? "")
                  + " \(Int(e.samplesPerSecond)) samples/s \(ProgressDuration.text(e.secondsLeft)) left")
        case .batch(let b):
            guard atMostOnceAMinute() else { return }
            write("  epoch \(b.epoch)/\(b.epochs) batch \(b.batch)/\(b.batches) \(Int(b.samplesPerSecond)) samples/s "
                  + "\(ProgressDuration.text(b.secondsLeftInEpoch)) left in the epoch")
        case .work(let w):
            guard atMostOnceAMinute() else { return }
            write("  \(w.what) \(w.done)/\(w.total), \(ProgressDuration.text(w.secondsLeft)) left")
        }
    }

    private func atMostOnceAMinute() -> Bool {
        guard Date().timeIntervalSince(lastProgressLine) >= 60 else { return false }
        lastProgressLine = Date()
        return true
    }
}
