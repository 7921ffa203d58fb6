/// What to do with samples a sensor did not deliver (PAMAP2 writes "NaN": dropped wireless
/// packets, and the heart-rate monitor's lower rate). A spec chooses; neither is neutral.
public enum NaNPolicy: String, Codable, Sendable, CaseIterable {
    /// Fill each channel's gaps by linear interpolation between the nearest valid samples of
    /// that channel; a gap at the start or end takes the nearest valid value. Keeps the time
    /// axis regular, at the price of invented values in long gaps.
    case interpolate
    /// Remove every time step where any loaded channel is NaN. Keeps only measured values, but
    /// joins the samples either side of a gap, so a window may span it.
    case drop
}

enum MissingSamples {
    /// Fills NaNs of row-major (time, channels) `values` in place by linear interpolation per
    /// channel (see `NaNPolicy.interpolate`). Returns the index of a channel with no valid
    /// sample at all, which cannot be filled, or nil when every channel was filled.
    static func interpolate(_ values: inout [Float], channels: Int) -> Int? {
        let count = values.count / channels
        for c in 0..<channels {
            var previous: Int?  // last valid time step
            for t in 0..<count where !values[t * channels + c].isNaN {
                let value = values[t * channels + c]
                if let p = previous {
                    let start = values[p * channels + c]
                    for gap in (p + 1)..<t {
                        let fraction = Float(gap - p) / Float(t - p)
                        values[gap * channels + c] = start + (value - start) * fraction
                    }
                } else {
                    for gap in 0..<t { values[gap * channels + c] = value }
                }
                previous = t
            }
            guard let last = previous else { return c }
            for gap in (last + 1)..<count { values[gap * channels + c] = values[last * channels + c] }
        }
        return nil
    }

    /// The time steps of row-major `values` where no channel is NaN.
    static func completeRows(_ values: [Float], channels: Int) -> [Int] {
        (0..<(values.count / channels)).filter { t in
            !(0..<channels).contains { values[t * channels + $0].isNaN }
        }
    }
}
