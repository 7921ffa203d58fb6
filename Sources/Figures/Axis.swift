import Foundation

/// How data values are spaced along an axis.
public enum AxisScale: Sendable {
    case linear
    /// Decades equally spaced; every value on the axis must be > 0.
    case log
}

/// What an axis shows before it is fitted to a length.
enum AxisContent {
    /// A numeric range; ticks are chosen so their labels do not collide.
    case numeric(lo: Double, hi: Double, scale: AxisScale)
    /// Named slots at 0, 1, … n − 1 (bar groups, heatmap rows); labels may be thinned or tilted.
    case categories([String])
}

/// One fitted axis: limits, the ticks that fit, their labels and how the labels are set.
struct Axis {
    var lo: Double
    var hi: Double
    var scale: AxisScale = .linear
    var ticks: [Double] = []
    var labels: [String] = []
    var minorTicks: [Double] = []
    /// Heatmap rows run downwards: the first row at the top.
    var inverted = false
    /// x tick labels tilted by 45° because they would collide level.
    var tilted = false
    /// The power of ten the tick labels are in units of ("×10⁶"), shown with the axis label.
    var multiplier: String?

    /// `label` with the multiplier appended: "step (×10⁶)".
    func title(_ label: String) -> String {
        guard let multiplier else { return label }
        return label.isEmpty ? multiplier : "\(label) (\(multiplier))"
    }

    /// 0 at the low end of the axis, 1 at the high end.
    func fraction(_ v: Double) -> Double {
        let f: Double
        switch scale {
        case .linear: f = (v - lo) / (hi - lo)
        case .log: f = (Foundation.log10(v) - Foundation.log10(lo)) / (Foundation.log10(hi) - Foundation.log10(lo))
        }
        return inverted ? 1 - f : f
    }

    /// Fits `content` to `length` points: as many ticks as the labels allow.
    /// `spacing` is the least distance between numeric ticks (default 40 pt across, 24 pt up).
    static func fitted(_ content: AxisContent, length: Double, horizontal: Bool, spacing: Double? = nil,
                       metrics: TextMetrics) -> Axis {
        switch content {
        case let .numeric(lo, hi, scale):
            // The finest nice step whose ticks are at least this far apart and whose labels fit.
            let spacing = spacing ?? (horizontal ? 40.0 : 24.0)
            var axis = Axis(lo: lo, hi: hi, scale: scale)
            var candidates: [[Double]]
            if scale == .log {
                candidates = [1, 2, 3, 5, 10, 20].map { NiceTicks.logDecades(lo, hi, every: $0) }.filter { $0.count >= 2 }
                if candidates.isEmpty { candidates = [NiceTicks.log(lo, hi, maxCount: 6)] }
            } else {
                candidates = NiceTicks.steps(lo, hi).map { NiceTicks.linear(lo, hi, step: $0) }
            }
            for ticks in candidates {
                axis.ticks = ticks
                if scale == .log {
                    axis.labels = TickLabels.log(ticks)
                } else {
                    (axis.labels, axis.multiplier) = TickLabels.linear(ticks)
                }
                let apart = ticks.count < 2 || abs(axis.fraction(ticks[1]) - axis.fraction(ticks[0])) * length >= spacing
                if apart && axis.labelsFit(length: length, horizontal: horizontal, metrics: metrics) { break }
            }
            if scale == .log { axis.minorTicks = NiceTicks.logMinor(lo, hi) }
            return axis
        case let .categories(names):
            var axis = Axis(lo: -0.5, hi: Double(names.count) - 0.5)
            // Keep every k-th label, k from 1, 2, 5, 10, 20, …, first level, then tilted.
            func thinned(_ k: Int) -> Axis {
                var a = axis
                a.ticks = stride(from: 0, to: names.count, by: k).map(Double.init)
                a.labels = a.ticks.map { names[Int($0)] }
                return a
            }
            // Numbered slots (0, 1, 2 … or epochs) read best thinned and level; names are all
            // kept, tilted if need be, before any is dropped.
            let numbered = names.allSatisfy { Double($0) != nil }
            for k in niceStrides(upTo: names.count) {
                var level = thinned(k)
                if level.labelsFit(length: length, horizontal: horizontal, metrics: metrics) { return level }
                if horizontal && !numbered {
                    level.tilted = true
                    if level.labelsFit(length: length, horizontal: true, metrics: metrics) { return level }
                }
            }
            axis = thinned(max(1, names.count))
            return axis
        }
    }

    /// Whether neighbouring tick labels keep a gap of at least half an em.
    func labelsFit(length: Double, horizontal: Bool, metrics: TextMetrics) -> Bool {
        guard ticks.count > 1 else { return true }
        let font = Font.tick
        let gap = 0.5 * font.size
        let positions = ticks.map { fraction($0) * length }
        for i in 1..<ticks.count {
            let distance = abs(positions[i] - positions[i - 1])
            let needed: Double
            if !horizontal {
                needed = metrics.lineHeight(font) + 2
            } else if tilted {
                // Tilted labels are parallel strips √2 × line height apart along the axis.
                needed = metrics.lineHeight(font) * 2.0.squareRoot() * 0.8
            } else {
                needed = (metrics.width(labels[i], font) + metrics.width(labels[i - 1], font)) / 2 + gap
            }
            if distance < needed { return false }
        }
        return true
    }

    /// Label strides that read as regular: 1, 2, 5, 10, 20, 50, …
    private static func niceStrides(upTo n: Int) -> [Int] {
        var out: [Int] = []
        var decade = 1
        while decade <= max(n, 1) {
            out += [decade, 2 * decade, 5 * decade]
            decade *= 10
        }
        return out
    }
}
