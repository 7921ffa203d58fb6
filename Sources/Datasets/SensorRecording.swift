import Tensors

/// One continuous recording of body-worn sensors: samples at a fixed rate, every channel
/// named (unit, sensor, axis, e.g. "right-arm.acc.x"), one activity label per sample and the
/// subject who wore the sensors. The loaders of DSADS, MHEALTH and PAMAP2 all produce these, so
/// resampling, unit conversion and windowing are written once.
public struct SensorRecording: Sendable {
    /// Row-major (time, channel): sample t of channel c is `samples[t * channels.count + c]`.
    /// Kept as [Float] (not a Tensor) so a recording is a value: editing a copy (resampling,
    /// conversion) cannot reach back into the loaded data.
    public var samples: [Float]
    /// Names as "unit.sensor.axis"; selection matches them by dot-separated prefix.
    public let channels: [String]
    /// Samples per second.
    public let sampleRate: Double
    /// The activity id of each sample, as the dataset numbers it (0 in MHEALTH and PAMAP2
    /// means "no activity / transition").
    public let labels: [Int]
    /// The subject as the dataset numbers it (DSADS 1…8, MHEALTH 1…10, PAMAP2 101…109).
    public let subject: Int

    public init(samples: [Float], channels: [String], sampleRate: Double, labels: [Int], subject: Int) {
        precondition(!channels.isEmpty, "SensorRecording: no channels")
        precondition(samples.count == labels.count * channels.count,
                     "SensorRecording: \(samples.count) values for \(labels.count) samples × \(channels.count) channels")
        precondition(sampleRate > 0, "SensorRecording: sample rate \(sampleRate) Hz")
        self.samples = samples
        self.channels = channels
        self.sampleRate = sampleRate
        self.labels = labels
        self.subject = subject
    }

    /// Number of samples (time steps).
    public var count: Int { labels.count }
    public var duration: Double { Double(count) / sampleRate }

    /// The values of channel `index` over time.
    public func column(_ index: Int) -> [Float] {
        let c = channels.count
        return (0..<count).map { samples[$0 * c + index] }
    }

    /// The samples as a (T, C) tensor (a copy).
    public var tensor: Tensor { Tensor(shape: [count, channels.count], values: samples) }

    /// Indices of the channels each prefix selects, prefix by prefix and in recording order
    /// within one prefix, without repeats. A prefix matches whole dot-separated parts:
    /// "right-arm.acc" selects "right-arm.acc.x" but "hand.acc" does not select "hand.acc16.x",
    /// so PAMAP2's two accelerometers cannot be mixed up by accident. Nil when a prefix selects
    /// nothing — a typo should not silently drop a sensor.
    public func channelIndices(matching prefixes: [String]) -> [Int]? {
        var chosen: [Int] = []
        for prefix in prefixes {
            let matches = channels.indices.filter { SensorRecording.name(channels[$0], hasPrefix: prefix) }
            if matches.isEmpty { return nil }
            for index in matches where !chosen.contains(index) { chosen.append(index) }
        }
        return chosen
    }

    static func name(_ name: String, hasPrefix prefix: String) -> Bool {
        let parts = name.split(separator: ".")
        let wanted = prefix.split(separator: ".")
        return wanted.count <= parts.count && zip(parts, wanted).allSatisfy { $0 == $1 }
    }

    /// The recording restricted to the channels `prefixes` select (see `channelIndices`).
    public func selecting(_ prefixes: [String]) -> SensorRecording {
        guard let indices = channelIndices(matching: prefixes) else {
            preconditionFailure("SensorRecording: \(prefixes) selects no channel of \(channels)")
        }
        return selecting(indices: indices)
    }

    /// The recording with only channels `indices`, in that order.
    public func selecting(indices: [Int]) -> SensorRecording {
        let c = channels.count
        var values = [Float](repeating: 0, count: count * indices.count)
        for t in 0..<count {
            for (k, index) in indices.enumerated() { values[t * indices.count + k] = samples[t * c + index] }
        }
        return SensorRecording(samples: values, channels: indices.map { channels[$0] }, sampleRate: sampleRate,
                               labels: labels, subject: subject)
    }

    /// Samples `range` (time steps) only.
    public func slice(_ range: Range<Int>) -> SensorRecording {
        let c = channels.count
        return SensorRecording(samples: Array(samples[(range.lowerBound * c)..<(range.upperBound * c)]),
                               channels: channels, sampleRate: sampleRate, labels: Array(labels[range]),
                               subject: subject)
    }
}
