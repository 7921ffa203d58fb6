import Foundation

/// Text for tick values: one decimal count for the whole axis, a true minus sign, and
/// 10ⁿ with superscripts on log axes.
public enum TickLabels {
    /// Labels for evenly stepped linear ticks, with as many decimals as the step needs. Very
    /// large or small values share one power of ten, given as `multiplier` ("×10⁶") for the
    /// axis label, so 250000 … 2000000 read 0.25 … 2.
    public static func linear(_ values: [Double]) -> (labels: [String], multiplier: String?) {
        guard values.count > 0 else { return ([], nil) }
        let largest = values.map(abs).max()!
        let step = values.count > 1 ? abs(values[1] - values[0]) : max(largest, 1)
        if largest >= 1e5 || (largest > 0 && largest < 1e-3) {
            let e = Int(floor(log10(largest)))
            let scale = pow(10, Double(e))
            let decimals = decimalsNeeded(step / scale)
            return (values.map { number($0 / scale, decimals: decimals) }, "×10" + superscript(e))
        }
        let decimals = decimalsNeeded(step)
        return (values.map { number($0, decimals: decimals) }, nil)
    }

    /// Labels for log-axis ticks: decades as 10ⁿ, other values plainly.
    public static func log(_ values: [Double]) -> [String] {
        values.map { v in
            let e = log10(v)
            if abs(e - e.rounded()) < 1e-9 { return "10" + superscript(Int(e.rounded())) }
            return number(v, decimals: max(0, decimalsNeeded(v)))
        }
    }

    /// `value` with `decimals` digits after the point and U+2212 for negatives.
    public static func number(_ value: Double, decimals: Int) -> String {
        let text = String(format: "%.\(max(0, decimals))f", value)
        if text.hasPrefix("-") {
            // -0.0 prints as "-0"; a reader should see 0.
            if Double(text) == 0 { return String(text.dropFirst()) }
            return "\u{2212}" + text.dropFirst()
        }
        return text
    }

    /// The fewest decimals (0…10) that show `step` exactly: 0.2 → 1, 0.25 → 2, 5 → 0.
    static func decimalsNeeded(_ step: Double) -> Int {
        for d in 0...10 {
            let scaled = abs(step) * pow(10, Double(d))
            if abs(scaled - scaled.rounded()) < 1e-6 * max(1, scaled) { return d }
        }
        return 10
    }

    static func superscript(_ n: Int) -> String {
        let digits: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
        return (n < 0 ? "⁻" : "") + String(abs(n)).map { digits[Int(String($0))!] }
    }
}
