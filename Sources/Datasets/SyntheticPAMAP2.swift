import Foundation
import Tensors

/// `synthetic-pamap2`: files in the PAMAP2 protocol format (54 columns at 100 Hz, "NaN" for
/// dropped packets, activity 0 between activities) whose chest magnetometer x axis is a known
/// noisy linear function of the hand magnetometer, plus weaker ankle-magnetometer terms:
///
///     chest.mag.x_t = Σ_a handWeights[a] · hand.mag.a_t + Σ_a ankleWeights[a] · ankle.mag.a_t + ε_t,
///     ε_t ~ N(0, noiseStd²)
///
/// so paper 000's real-data run (Fig. 3: hand magnetometer channels dominate) can be checked
/// offline. Every other channel is a per-activity sine as in `SyntheticHAR` (each subject scales
/// amplitudes and shifts phases). All draws come from the generator passed in, in a fixed order.
public enum SyntheticPAMAP2 {
    public static let name = "synthetic-pamap2"
    public static let handWeights: [Float] = [0.6, -0.4, 0.3]
    public static let ankleWeights: [Float] = [0.1, -0.05, 0.05]
    public static let noiseStd: Float = 1
    /// PAMAP2's protocol activities in the order subjects perform them; the first `activities`
    /// are written.
    public static let protocolActivities = [1, 2, 3, 4, 5, 6, 7, 12, 13, 16, 17, 24]
    /// Chance that one row loses one IMU's packet (all its 17 columns "NaN"), as the wireless
    /// sensors do in the published files.
    static let dropRate: Float = 0.01

    /// One file per subject: transitions (label 0) of `transitionSeconds` before, between and
    /// after `activities` activities of `seconds` each.
    public struct Size: Codable, Equatable, Sendable {
        public var subjects: [Int]
        public var activities: Int
        public var seconds: Double
        public var transitionSeconds: Double

        public init(subjects: [Int], activities: Int, seconds: Double, transitionSeconds: Double = 2) {
            precondition(!subjects.isEmpty && (1...protocolActivities.count).contains(activities) && seconds > 0
                         && transitionSeconds > 0,
                         "SyntheticPAMAP2.Size: \(subjects), \(activities) activities, \(seconds) s, \(transitionSeconds) s")
            (self.subjects, self.activities, self.seconds, self.transitionSeconds) = (subjects, activities, seconds, transitionSeconds)
        }
    }

    /// The 13 loaded columns of one IMU: temperature, acc16, acc6, gyro, magnetometer.
    static let imuChannels: [String] = ["temperature"] + ["acc16", "acc6", "gyro", "mag"].flatMap { s in ["x", "y", "z"].map { "\(s).\($0)" } }

    /// Magnitudes like the real data: body temperature around 33 °C, magnetometer tens of μT;
    /// accelerometers and gyroscopes as in `SyntheticHAR`.
    static func wave(for channel: String, generator: Generator) -> SyntheticHAR.Wave {
        if channel.hasSuffix(".temperature") {
            return .init(frequency: generator.uniform(0.01, 0.05), amplitude: generator.uniform(0.1, 0.5), offset: generator.uniform(30, 35))
        } else if channel.contains(".mag.") {
            return .init(frequency: generator.uniform(0.2, 1.5), amplitude: generator.uniform(5, 20), offset: generator.uniform(-40, 40))
        }
        return SyntheticHAR.wave(for: channel, generator: generator)
    }

    /// Writes `size` as `directory`/Protocol/subjectNNN.dat.
    public static func write(to directory: URL, size: Size, generator: Generator) throws {
        let channels = PAMAP2.units.flatMap { unit in imuChannels.map { "\(unit).\($0)" } }  // 39, file order
        // Table index 0 = transitions (small amplitudes), i = the i-th protocol activity.
        var activity: [[SyntheticHAR.Wave]] = []
        for a in 0...size.activities {
            activity.append(channels.map { name in
                var wave = wave(for: name, generator: generator)
                if a == 0 { wave.amplitude *= 0.05 }
                return wave
            })
        }
        let heartRate = (0...size.activities).map { _ in generator.uniform(60, 160) }
        let scale = size.subjects.map { _ in generator.uniform(0.8, 1.2) }
        let phase = size.subjects.map { _ in channels.map { _ in generator.uniform(0, 2 * .pi) } }
        let table = (activity: activity, scale: scale, phase: phase)
        let hand = (0..<3).map { channels.firstIndex(of: "hand.mag.\(["x", "y", "z"][$0])")! }
        let ankle = (0..<3).map { channels.firstIndex(of: "ankle.mag.\(["x", "y", "z"][$0])")! }
        let target = channels.firstIndex(of: "chest.mag.x")!

        let transition = Int((size.transitionSeconds * PAMAP2.sampleRate).rounded())
        let active = Int((size.seconds * PAMAP2.sampleRate).rounded())
        // Segments in time order: (table index, label, rows).
        var segments = [(index: 0, label: 0, rows: transition)]
        for a in 1...size.activities { segments += [(a, protocolActivities[a - 1], active), (0, 0, transition)] }

        let folder = directory.appendingPathComponent("Protocol")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (s, subject) in size.subjects.enumerated() {
            var text = ""
            var t = 0
            for segment in segments {
                for _ in 0..<segment.rows {
                    var values = SyntheticHAR.row(table, activity: segment.index, subject: s, time: Double(t) / PAMAP2.sampleRate,
                                                  generator: generator)
                    values[target] = zip(SyntheticPAMAP2.handWeights, hand).reduce(0) { $0 + $1.0 * values[$1.1] }
                        + zip(SyntheticPAMAP2.ankleWeights, ankle).reduce(0) { $0 + $1.0 * values[$1.1] }
                        + generator.normal(mean: 0, std: noiseStd)
                    // The heart-rate monitor delivers about one sample in ten.
                    var line = String(format: "%.2f %d ", Double(t) / PAMAP2.sampleRate, segment.label)
                        + (t % 10 == 0 ? "\(Int(heartRate[segment.index].rounded()))" : "NaN")
                    for u in 0..<3 {
                        let dropped = generator.uniform() < dropRate
                        for value in values[(13 * u)..<(13 * u + 13)] { line += dropped ? " NaN" : " \(value)" }
                        line += dropped ? " NaN NaN NaN NaN" : " 1 0 0 0"  // orientation: invalid as published
                    }
                    text += line + "\n"
                    t += 1
                }
            }
            try AtomicFile.write(Data(text.utf8), to: folder.appendingPathComponent(PAMAP2.fileName(subject: subject)))
        }
    }
}
