/// Accelerometer units. DSADS, MHEALTH and PAMAP2 publish acceleration in m/s², while paper
/// 004's amplitudes and thresholds (sine start 0.3 g, AAP 1.5 g, failure 10 g) are in g, so the
/// data are converted before training for those numbers to mean what the paper says.
public enum Acceleration {
    /// Standard gravity, m/s² per g (CGPM 1901, exact).
    public static let standardGravity: Float = 9.80665

    /// Whether `channel` holds acceleration: its sensor part is "acc" or a ranged accelerometer
    /// such as PAMAP2's "acc16" and "acc6".
    public static func isAccelerometer(_ channel: String) -> Bool {
        let parts = channel.split(separator: ".")
        guard parts.count >= 2 else { return false }
        let sensor = parts[parts.count - 2]
        return sensor == "acc" || (sensor.hasPrefix("acc") && sensor.dropFirst(3).allSatisfy(\.isNumber))
    }
}

extension SensorRecording {
    /// The recording with every accelerometer channel divided by standard gravity (m/s² → g);
    /// other channels (gyroscope, magnetometer, ECG) are unchanged.
    public func toG() -> SensorRecording {
        var copy = self
        let c = channels.count
        for (index, name) in channels.enumerated() where Acceleration.isAccelerometer(name) {
            for t in 0..<count { copy.samples[t * c + index] /= Acceleration.standardGravity }
        }
        return copy
    }
}
