import Foundation

/// The Daily and Sports Activities dataset (Altun & Barshan, UCI): 19 activities × 8 subjects ×
/// 60 segments of 5 s, each segment a file `aNN/pN/sNN.txt` of 125 comma-separated rows of 45
/// values at 25 Hz — 5 units × (accelerometer, gyroscope, magnetometer) × (x, y, z).
/// Accelerations are in m/s² (see `SensorRecording.toG`).
public enum DSADS {
    public static let units = ["torso", "right-arm", "left-arm", "right-leg", "left-leg"]
    public static let sensors = ["acc", "gyro", "mag"]
    public static let sampleRate = 25.0
    public static let rowsPerSegment = 125
    public static let activityCount = 19
    public static let subjectCount = 8
    public static let segmentCount = 60

    /// The 45 channel names in file column order: "torso.acc.x" … "left-leg.mag.z".
    public static let channels: [String] = units.flatMap { unit in
        sensors.flatMap { sensor in ["x", "y", "z"].map { "\(unit).\(sensor).\($0)" } }
    }

    /// The path of one segment under the dataset folder, as published: a01/p1/s01.txt.
    public static func path(activity: Int, subject: Int, segment: Int) -> String {
        "a\(twoDigits(activity))/p\(subject)/s\(twoDigits(segment)).txt"
    }

    static func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// Every segment file under `directory` (the project keeps it in data/dsads/), one
    /// recording per segment with activity = NN of aNN and subject = N of pN, ordered by
    /// activity, subject, segment. Segments stay separate recordings: the published files do
    /// not say whether consecutive segments are contiguous, so windows must not join them.
    /// Reads whatever segments are present (the synthetic twin writes fewer); throws when the
    /// folder holds none, or names the file and line of a malformed row.
    public static func load(directory: URL) throws -> [SensorRecording] {
        let files = segmentFiles(in: directory)
        guard !files.isEmpty else { throw missingFiles(directory) }
        return try files.map { file in
            let table = try NumericText.read(file.url, columns: channels.count)
            let (values, rows) = (table.values, table.rows)
            guard rows == rowsPerSegment else {
                throw DatasetError(.wrongSize, file: file.url, "\(rows) rows, a DSADS segment has \(rowsPerSegment) "
                                   + "(5 s at 25 Hz)")
            }
            return SensorRecording(samples: values, channels: channels, sampleRate: sampleRate,
                                   labels: [Int](repeating: file.activity, count: rows), subject: file.subject)
        }
    }

    /// Files named like the published layout, sorted by (activity, subject, segment).
    static func segmentFiles(in directory: URL) -> [(url: URL, activity: Int, subject: Int, segment: Int)] {
        let manager = FileManager.default
        func numbered(_ url: URL, prefix: String, suffix: String = "") -> [(URL, Int)] {
            let names = (try? manager.contentsOfDirectory(atPath: url.path)) ?? []
            return names.compactMap { name in
                guard name.hasPrefix(prefix), name.hasSuffix(suffix) else { return nil }
                let digits = name.dropFirst(prefix.count).dropLast(suffix.count)
                guard !digits.isEmpty, digits.allSatisfy(\.isNumber), let n = Int(digits) else { return nil }
                return (url.appendingPathComponent(name), n)
            }.sorted { $0.1 < $1.1 }
        }
        var files: [(url: URL, activity: Int, subject: Int, segment: Int)] = []
        for (activityURL, activity) in numbered(directory, prefix: "a") {
            for (subjectURL, subject) in numbered(activityURL, prefix: "p") {
                for (url, segment) in numbered(subjectURL, prefix: "s", suffix: ".txt") {
                    files.append((url, activity, subject, segment))
                }
            }
        }
        return files
    }

    static func missingFiles(_ directory: URL) -> DatasetError {
        let lines = [
            "DSADS: no segment files found. Expected the published layout:",
            "  a01/p1/s01.txt … a19/p8/s60.txt (activity aNN, subject pN, segment sNN),",
            "  each \(rowsPerSegment) rows × \(channels.count) comma-separated values at 25 Hz:",
            "  \(units.joined(separator: ", ")) × (acc, gyro, mag) × (x, y, z).",
            "Put the UCI \"Daily and Sports Activities\" data/ folder's contents in data/dsads/, "
                + "or write a synthetic twin with `synthetic-har`.",
        ]
        return DatasetError(.missingFiles, file: directory, lines.joined(separator: "\n"))
    }
}
