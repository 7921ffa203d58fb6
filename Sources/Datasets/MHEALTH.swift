import Foundation

/// The MHEALTH dataset (Baños et al., UCI): 10 subjects, one file `mHealth_subjectN.log` each,
/// 24 whitespace-separated columns at 50 Hz — chest acceleration (3), ECG leads (2), left-ankle
/// and right-lower-arm acceleration, gyroscope and magnetometer (9 each), then the activity
/// (0 = none, 1…12). Accelerations are in m/s² (see `SensorRecording.toG`).
public enum MHEALTH {
    public static let sampleRate = 50.0
    public static let subjectCount = 10
    /// Activities 1…12; 0 marks samples between activities.
    public static let activityRange = 0...12

    /// The 23 channel names in file column order (the label column is not a channel).
    public static let channels: [String] = axes("chest.acc") + ["ecg.1", "ecg.2"]
        + ["acc", "gyro", "mag"].flatMap { axes("left-ankle.\($0)") }
        + ["acc", "gyro", "mag"].flatMap { axes("right-lower-arm.\($0)") }

    static func axes(_ sensor: String) -> [String] { ["x", "y", "z"].map { "\(sensor).\($0)" } }

    public static func fileName(subject: Int) -> String { "mHealth_subject\(subject).log" }

    /// The recordings of `subjects` (all ten by default) from `directory` (the project keeps
    /// them in data/mhealth/), one per subject with every sample labelled, 0 included — drop
    /// label 0 when windowing. Throws when a file is missing (listing the expected files), or
    /// names the file and line of a malformed row or a label outside 0…12.
    public static func load(directory: URL, subjects: [Int] = Array(1...subjectCount)) throws -> [SensorRecording] {
        let urls = subjects.map { directory.appendingPathComponent(fileName(subject: $0)) }
        guard urls.allSatisfy({ FileManager.default.fileExists(atPath: $0.path) }) else {
            throw missingFiles(directory, subjects: subjects)
        }
        let c = channels.count
        return try zip(subjects, urls).map { subject, url in
            let table = try NumericText.read(url, columns: c + 1)
            let (values, rows) = (table.values, table.rows)
            var samples = [Float](repeating: 0, count: rows * c)
            var labels = [Int](repeating: 0, count: rows)
            for t in 0..<rows {
                let raw = values[t * (c + 1) + c]
                guard let label = NumericText.integer(raw), activityRange.contains(label) else {
                    throw DatasetError(.labelOutOfRange, file: url, line: table.lines[t],
                                       "label \(raw) is not an activity 0…12")
                }
                labels[t] = label
                for k in 0..<c { samples[t * c + k] = values[t * (c + 1) + k] }
            }
            return SensorRecording(samples: samples, channels: channels, sampleRate: sampleRate,
                                   labels: labels, subject: subject)
        }
    }

    static func missingFiles(_ directory: URL, subjects: [Int]) -> DatasetError {
        var lines = ["MHEALTH: files missing. Expected, each 24 whitespace-separated columns at 50 Hz "
                     + "(chest acc 3, ECG 2, left-ankle acc/gyro/mag 9, right-lower-arm acc/gyro/mag 9, label 0…12):"]
        for subject in subjects {
            let name = fileName(subject: subject)
            let there = FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path)
            lines.append("  \(name)  — \(there ? "found" : "MISSING")")
        }
        lines.append("Put the UCI MHEALTHDATASET files in data/mhealth/, or write a synthetic twin with `synthetic-har`.")
        return DatasetError(.missingFiles, file: directory, lines.joined(separator: "\n"))
    }
}
