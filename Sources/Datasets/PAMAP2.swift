import Foundation

/// The PAMAP2 Physical Activity Monitoring dataset (Reiss & Stricker, UCI), protocol part:
/// `Protocol/subject101.dat` … `subject109.dat`, 54 space-separated columns at 100 Hz —
/// timestamp (s), activity id (0 = transient), heart rate (bpm), then the hand, chest and ankle
/// IMUs of 17 columns each: temperature (°C), acceleration ±16 g (3), acceleration ±6 g (3),
/// gyroscope (3, rad/s), magnetometer (3, μT), orientation (4, documented as invalid and not
/// loaded). "NaN" marks samples a sensor did not deliver; see `NaNPolicy`.
public enum PAMAP2 {
    public static let sampleRate = 100.0
    public static let columnCount = 54
    public static let units = ["hand", "chest", "ankle"]
    public static let subjects = Array(101...109)

    /// The 40 channels the loader can return, in file order: "heart-rate", then per unit
    /// "hand.temperature", "hand.acc16.x" …, "hand.acc6.x" …, "hand.gyro.x" …, "hand.mag.x" ….
    public static let channels: [String] = ["heart-rate"] + units.flatMap { unit in
        ["\(unit).temperature"] + ["acc16", "acc6", "gyro", "mag"].flatMap { sensor in
            ["x", "y", "z"].map { "\(unit).\(sensor).\($0)" }
        }
    }

    /// File column of each entry of `channels`: heart rate is column 2; unit u's 13 loaded
    /// columns start at 3 + 17u (its 4 orientation columns are skipped).
    static let columns: [Int] = [2] + (0..<3).flatMap { u in (0..<13).map { 3 + 17 * u + $0 } }

    public static func fileName(subject: Int) -> String { "subject\(subject).dat" }

    /// The recordings of `subjects` from `directory`/Protocol (the project keeps the dataset in
    /// data/pamap2/), one per subject, with the channels `channels` select by prefix (all 40 by
    /// default; e.g. ["hand", "ankle", "chest.mag.x"] for paper 000) and missing samples handled
    /// by `nanPolicy` on those channels only — so the sparse heart rate, when not asked for,
    /// does not cost `.drop` nine rows in ten. Labels are the activity ids as published
    /// (0 = transient). Throws when a file is missing (listing the layout), a line is malformed
    /// (naming file and line), or a chosen channel has no valid sample to interpolate from.
    public static func load(directory: URL, subjects: [Int] = PAMAP2.subjects, channels prefixes: [String]? = nil,
                            nanPolicy: NaNPolicy = .interpolate) throws -> [SensorRecording] {
        let folder = directory.appendingPathComponent("Protocol")
        let urls = subjects.map { folder.appendingPathComponent(fileName(subject: $0)) }
        guard urls.allSatisfy({ FileManager.default.fileExists(atPath: $0.path) }) else {
            throw missingFiles(folder, subjects: subjects)
        }
        let all = SensorRecording(samples: [Float](repeating: 0, count: channels.count), channels: channels,
                                  sampleRate: sampleRate, labels: [0], subject: 0)
        guard let chosen = prefixes.map({ all.channelIndices(matching: $0) }) ?? Array(channels.indices) else {
            throw DatasetError(.unknownChannel, file: folder, "PAMAP2: \(prefixes!) selects none of the channels "
                               + channels.joined(separator: ", "))
        }
        let names = chosen.map { channels[$0] }
        let c = chosen.count
        return try zip(subjects, urls).map { subject, url in
            let table = try NumericText.read(url, columns: columnCount)
            var samples = [Float](repeating: 0, count: table.rows * c)
            var labels = [Int](repeating: 0, count: table.rows)
            for t in 0..<table.rows {
                let row = t * columnCount
                guard let label = NumericText.integer(table.values[row + 1]), label >= 0 else {
                    throw DatasetError(.malformedLine, file: url, line: table.lines[t],
                                       "activity id \(table.values[row + 1]) is not a whole number ≥ 0")
                }
                labels[t] = label
                for (k, index) in chosen.enumerated() { samples[t * c + k] = table.values[row + columns[index]] }
            }
            var recording = SensorRecording(samples: samples, channels: names, sampleRate: sampleRate,
                                            labels: labels, subject: subject)
            switch nanPolicy {
            case .interpolate:
                if let empty = MissingSamples.interpolate(&recording.samples, channels: c) {
                    throw DatasetError(.noValidSamples, file: url, "channel \(names[empty]) is NaN in every row; "
                                       + "nothing to interpolate from")
                }
            case .drop:
                let keep = MissingSamples.completeRows(recording.samples, channels: c)
                var kept = [Float]()
                kept.reserveCapacity(keep.count * c)
                for t in keep { kept.append(contentsOf: recording.samples[(t * c)..<((t + 1) * c)]) }
                recording = SensorRecording(samples: kept, channels: names, sampleRate: sampleRate,
                                            labels: keep.map { labels[$0] }, subject: subject)
            }
            return recording
        }
    }

    static func missingFiles(_ folder: URL, subjects: [Int]) -> DatasetError {
        var lines = ["PAMAP2: files missing. Expected in Protocol/, each \(columnCount) space-separated columns at 100 Hz "
                     + "(timestamp, activity, heart rate, hand/chest/ankle IMU × 17):"]
        for subject in subjects {
            let name = fileName(subject: subject)
            let there = FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path)
            lines.append("  Protocol/\(name)  — \(there ? "found" : "MISSING")")
        }
        lines.append("Put the UCI PAMAP2_Dataset folder's contents (Protocol/ with subject101.dat …) in data/pamap2/.")
        return DatasetError(.missingFiles, file: folder, lines.joined(separator: "\n"))
    }
}
