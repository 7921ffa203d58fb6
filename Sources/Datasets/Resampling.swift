/// Changing the sample rate of a recording, so datasets recorded at 25, 50 and 100 Hz all
/// reach the network at one rate (paper 004: 30 Hz) and a 30-sample window is one second.
public enum Resampling {
    /// The rate paper 004 resamples to.
    public static let defaultRate = 30.0

    /// How many output samples a recording of `count` samples at `rate` gives at `newRate`:
    /// the output times k / newRate that fall within the input's span [0, (count − 1) / rate],
    /// so no value is extrapolated past the last recorded sample.
    public static func outputCount(_ count: Int, from rate: Double, to newRate: Double) -> Int {
        precondition(rate > 0 && newRate > 0, "Resampling: rates \(rate) → \(newRate) Hz")
        guard count > 0 else { return 0 }
        // The small tolerance keeps k = (count − 1)·newRate/rate when that is whole but rounds
        // to just below it in floating point.
        return Int((Double(count - 1) * newRate / rate + 1e-9).rounded(.down)) + 1
    }

    /// Linear interpolation of row-major (time, channels) `values` from `rate` to `newRate`:
    /// output sample k is read at input position k·rate/newRate, between the two neighbouring
    /// input samples. Positions are computed in Double from k (not accumulated), so long
    /// recordings do not drift.
    public static func linear(_ values: [Float], channels: Int, from rate: Double, to newRate: Double) -> [Float] {
        precondition(channels > 0 && values.count % channels == 0,
                     "Resampling.linear: \(values.count) values are not whole rows of \(channels)")
        let count = values.count / channels
        let n = outputCount(count, from: rate, to: newRate)
        var result = [Float](repeating: 0, count: n * channels)
        let step = rate / newRate
        for k in 0..<n {
            let position = Double(k) * step
            let i = min(Int(position), count - 1)
            let fraction = Float(position - Double(i))
            let next = min(i + 1, count - 1)
            for c in 0..<channels {
                let (a, b) = (values[i * channels + c], values[next * channels + c])
                result[k * channels + c] = fraction == 0 ? a : a + (b - a) * fraction
            }
        }
        return result
    }

    /// Labels at the new rate: each output sample takes the label of the nearest input sample
    /// (labels are categories; interpolating them would invent activities).
    public static func nearest(_ labels: [Int], from rate: Double, to newRate: Double) -> [Int] {
        let n = outputCount(labels.count, from: rate, to: newRate)
        let step = rate / newRate
        return (0..<n).map { labels[min(Int((Double($0) * step).rounded()), labels.count - 1)] }
    }
}

extension SensorRecording {
    /// The recording at `rate` Hz: values linearly interpolated, labels from the nearest sample.
    public func resampled(to rate: Double = Resampling.defaultRate) -> SensorRecording {
        if rate == sampleRate { return self }
        return SensorRecording(samples: Resampling.linear(samples, channels: channels.count, from: sampleRate, to: rate),
                               channels: channels, sampleRate: rate,
                               labels: Resampling.nearest(labels, from: sampleRate, to: rate), subject: subject)
    }
}
