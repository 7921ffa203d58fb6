import Foundation
import Tensors

/// `synthetic-har`: files in the published DSADS and MHEALTH formats, filled with signals whose
/// activity can be told from the waveform, so the real loaders, windowing and models run end
/// to end offline and in tests. Every channel of every activity is a sine with its own
/// frequency, amplitude and offset; each subject scales the amplitudes (×0.6–1.4) and shifts
/// the phases (as people move alike but not identically); Gaussian noise is added to every value. All draws
/// come from the generator passed in, in a fixed order, so one seed writes identical files.
public enum SyntheticHAR {
    public static let name = "synthetic-har"

    /// How much to write. DSADS: `activities` × `subjects` × `segments` files of 125 rows (5 s
    /// each, as published). MHEALTH: one file per subject holding, per activity, 1 s of label 0
    /// (rest) and then `seconds` of the activity.
    public struct Size: Codable, Equatable, Sendable {
        public var activities: Int
        public var subjects: Int
        public var segments: Int
        public var seconds: Double

        public init(activities: Int, subjects: Int, segments: Int = 2, seconds: Double = 10) {
            precondition(activities > 0 && subjects > 0 && segments > 0 && seconds > 0,
                         "SyntheticHAR.Size: \(activities) activities, \(subjects) subjects, \(segments) segments, \(seconds) s")
            (self.activities, self.subjects, self.segments, self.seconds) = (activities, subjects, segments, seconds)
        }
    }

    /// One channel's sine: offset + amplitude · sin(2π · frequency · t + phase).
    struct Wave {
        var frequency: Float
        var amplitude: Float
        var offset: Float
        var phase: Float = 0

        func value(at time: Double) -> Float {
            offset + amplitude * Float(Elementary.sin(2 * Double.pi * Double(frequency) * time + Double(phase)))
        }
    }

    /// Ranges fitting the sensor kind, so magnitudes look like the real data: accelerations
    /// around gravity's projection (m/s²), gyroscopes near 0 (rad/s), ECG around 0 (mV).
    static func wave(for channel: String, generator: Generator) -> Wave {
        let frequency = generator.uniform(0.3, 3)
        if Acceleration.isAccelerometer(channel) {
            return Wave(frequency: frequency, amplitude: generator.uniform(0.5, 4), offset: generator.uniform(-9.8, 9.8))
        } else if channel.contains(".gyro.") {
            return Wave(frequency: frequency, amplitude: generator.uniform(0.1, 2), offset: generator.uniform(-0.2, 0.2))
        } else if channel.hasPrefix("ecg.") {
            return Wave(frequency: generator.uniform(1, 2), amplitude: generator.uniform(0.5, 2), offset: 0)
        }
        return Wave(frequency: frequency, amplitude: generator.uniform(0.05, 0.5), offset: generator.uniform(-1, 1))
    }

    /// Waves per activity (index 0 = rest, small amplitudes) and per subject, drawn in one
    /// fixed order: activities' channels first, then subjects' scale and phases.
    static func waves(channels: [String], size: Size, generator: Generator) -> (activity: [[Wave]], scale: [Float], phase: [[Float]]) {
        var activity: [[Wave]] = []
        for a in 0...size.activities {
            activity.append(channels.enumerated().map { c, name in
                var wave = wave(for: name, generator: generator)
                if a == 0 { wave.amplitude *= 0.05 }
                // Activities 2k and 2k−1 share a posture (offsets) and differ in tempo and
                // amplitude only, like walking and running: the pairs are what a classifier confuses.
                if a >= 2, a % 2 == 0 {
                    let partner = activity[a - 1][c]
                    wave.offset = partner.offset
                    wave.frequency = partner.frequency * generator.uniform(1.15, 1.5)
                    wave.amplitude = partner.amplitude * generator.uniform(0.8, 1.3)
                }
                return wave
            })
        }
        let scale = (0..<size.subjects).map { _ in generator.uniform(0.6, 1.4) }
        let phase = (0..<size.subjects).map { _ in channels.map { _ in generator.uniform(0, 2 * .pi) } }
        return (activity, scale, phase)
    }

    /// One row of values for `activity` and `subject` (0-based) at `time`, with noise of 15 % of
    /// each channel's amplitude: enough that some windows are confused (macro-F1 below 1), as
    /// in the real data.
    static func row(_ table: (activity: [[Wave]], scale: [Float], phase: [[Float]]), activity: Int, subject: Int,
                    time: Double, generator: Generator) -> [Float] {
        table.activity[activity].enumerated().map { c, base in
            var wave = base
            wave.amplitude *= table.scale[subject]
            wave.phase = table.phase[subject][c]
            return wave.value(at: time) + generator.normal(mean: 0, std: 0.15 * base.amplitude + 0.01)
        }
    }

    /// Writes `size` in the DSADS layout under `directory` (a01/p1/s01.txt …).
    public static func writeDSADS(to directory: URL, size: Size, generator: Generator) throws {
        let table = waves(channels: DSADS.channels, size: size, generator: generator)
        for a in 1...size.activities {
            for p in 1...size.subjects {
                for s in 1...size.segments {
                    var text = ""
                    for i in 0..<DSADS.rowsPerSegment {
                        let time = Double((s - 1) * DSADS.rowsPerSegment + i) / DSADS.sampleRate
                        let values = row(table, activity: a, subject: p - 1, time: time, generator: generator)
                        text += values.map { "\($0)" }.joined(separator: ",") + "\n"
                    }
                    let url = directory.appendingPathComponent(DSADS.path(activity: a, subject: p, segment: s))
                    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(),
                                                            withIntermediateDirectories: true)
                    try text.write(to: url, atomically: true, encoding: .utf8)
                }
            }
        }
    }

    /// Writes `size` in the MHEALTH format under `directory` (mHealth_subject1.log …),
    /// tab-separated as published, label 0 for the rest second before each activity.
    public static func writeMHEALTH(to directory: URL, size: Size, generator: Generator) throws {
        let table = waves(channels: MHEALTH.channels, size: size, generator: generator)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let rest = Int(MHEALTH.sampleRate)
        let active = Int((size.seconds * MHEALTH.sampleRate).rounded())
        for p in 1...size.subjects {
            var text = ""
            var t = 0
            for a in 1...size.activities {
                for i in 0..<(rest + active) {
                    let label = i < rest ? 0 : a
                    let values = row(table, activity: label, subject: p - 1, time: Double(t) / MHEALTH.sampleRate,
                                     generator: generator)
                    text += values.map { "\($0)" }.joined(separator: "\t") + "\t\(label)\n"
                    t += 1
                }
            }
            try text.write(to: directory.appendingPathComponent(MHEALTH.fileName(subject: p)),
                           atomically: true, encoding: .utf8)
        }
    }
}
