import Foundation

/// Tick values a reader can take in at a glance: steps of 1, 2, 2.5 or 5 × 10^k on linear
/// axes, whole decades on log axes.
public enum NiceTicks {
    /// The nice step nearest above (hi − lo) / target.
    public static func step(_ lo: Double, _ hi: Double, target: Int) -> Double {
        let raw = max(hi - lo, Double.leastNormalMagnitude) / Double(max(target, 1))
        let magnitude = pow(10, floor(log10(raw)))
        for m in [1.0, 2, 2.5, 5] where m * magnitude >= raw * (1 - 1e-9) { return m * magnitude }
        return 10 * magnitude
    }

    /// Multiples of the nice step inside [lo, hi]: 0–0.87 gives 0, 0.2, 0.4, 0.6, 0.8.
    public static func linear(_ lo: Double, _ hi: Double, target: Int = 5) -> [Double] {
        guard lo.isFinite, hi.isFinite else { return [] }
        if hi <= lo { return [lo] }
        return linear(lo, hi, step: step(lo, hi, target: target))
    }

    /// The nice steps (1, 2, 2.5, 5 × 10^k) from about a twelfth of the range up to the whole
    /// range, smallest first: the choices an axis tries until its labels fit.
    static func steps(_ lo: Double, _ hi: Double) -> [Double] {
        guard hi > lo, lo.isFinite, hi.isFinite else { return [] }
        let span = hi - lo
        var out: [Double] = []
        var magnitude = pow(10, floor(log10(span / 12)))
        while out.last.map({ $0 < span }) ?? true {
            for m in [1.0, 2, 2.5, 5] where m * magnitude >= span / 12 * (1 - 1e-9) { out.append(m * magnitude) }
            magnitude *= 10
        }
        return out
    }

    /// Multiples of `step` inside [lo, hi].
    static func linear(_ lo: Double, _ hi: Double, step: Double) -> [Double] {
        let tolerance = step * 1e-9
        let first = Int((lo / step - 1e-9).rounded(.up))
        let last = Int((hi / step + 1e-9).rounded(.down))
        guard first <= last else { return [] }
        // k × step, then trimmed of binary noise so 3 × 0.1 prints as 0.3.
        return (first...last).map { k in
            let v = Double(k) * step
            return abs(v) < tolerance ? 0 : Double(String(format: "%.12g", v))!
        }
    }

    /// Powers of ten inside [lo, hi] (lo > 0), every `k`-th decade when there are more than
    /// `maxCount`: 1e-3–10 gives 0.001, 0.01, 0.1, 1, 10.
    public static func logDecades(_ lo: Double, _ hi: Double, maxCount: Int = 8) -> [Double] {
        guard lo > 0, hi >= lo, lo.isFinite, hi.isFinite else { return [] }
        let first = Int((log10(lo) - 1e-9).rounded(.up))
        let last = Int((log10(hi) + 1e-9).rounded(.down))
        guard first <= last else { return [] }
        let count = last - first + 1
        return logDecades(lo, hi, every: max(1, Int((Double(count) / Double(max(maxCount, 1))).rounded(.up))))
    }

    /// Every `every`-th power of ten inside [lo, hi], aligned so 10⁰ is kept when in range.
    static func logDecades(_ lo: Double, _ hi: Double, every: Int) -> [Double] {
        let first = Int((log10(lo) - 1e-9).rounded(.up))
        let last = Int((log10(hi) + 1e-9).rounded(.down))
        guard first <= last else { return [] }
        let aligned = Int((Double(first) / Double(every)).rounded(.up)) * every
        return stride(from: aligned, through: last, by: every).map { pow10($0) }
    }

    /// Log-axis ticks for a range that may hold fewer than two decades: decades when there are
    /// two or more, else 1–2–5 multiples, else linear nice ticks.
    static func log(_ lo: Double, _ hi: Double, maxCount: Int) -> [Double] {
        let decades = logDecades(lo, hi, maxCount: maxCount)
        if decades.count >= 2 { return decades }
        var candidates: [Double] = []
        for e in Int(floor(log10(lo)))...Int(ceil(log10(hi))) {
            for m in [1.0, 2, 5] {
                let v = m * pow10(e)
                if v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9) { candidates.append(v) }
            }
        }
        return candidates.count >= 2 ? candidates : linear(lo, hi, target: 4)
    }

    /// Minor log ticks 2…9 × 10^k inside [lo, hi], drawn only when the decades are few.
    static func logMinor(_ lo: Double, _ hi: Double) -> [Double] {
        guard lo > 0, hi > lo, log10(hi / lo) <= 6 else { return [] }
        var out: [Double] = []
        for e in Int(floor(log10(lo)))...Int(ceil(log10(hi))) {
            for m in 2...9 {
                let v = Double(m) * pow10(e)
                if v >= lo && v <= hi { out.append(v) }
            }
        }
        return out
    }

    /// 10^e exactly for the decades (pow can be off by an ulp, which shows in labels).
    static func pow10(_ e: Int) -> Double { Double("1e\(e)")! }
}
