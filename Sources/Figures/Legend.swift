/// Where a chart puts its legend.
public enum LegendPlacement: Sendable {
    /// The first inside corner (upper right, upper left, lower right, lower left) where it
    /// covers no data; outside on the right when every corner would.
    case best
    /// Always beside the plot, on the right.
    case outside
    case hidden
}

/// A boxed list of swatches and labels.
struct Legend {
    enum Swatch {
        case line(dash: [Double], marker: Marker?)
        case patch
        case marker(Marker)
    }

    struct Entry {
        var label: String
        var color: Color
        var swatch: Swatch
    }

    var entries: [Entry]

    static let padding = 5.0
    static let margin = 6.0
    private static let rowGap = 2.0
    private static let swatchGap = 5.0

    private func swatchWidth() -> Double {
        entries.contains { if case .line = $0.swatch { return true } else { return false } } ? 20 : 9
    }

    private func rowHeight(_ m: TextMetrics) -> Double { max(m.lineHeight(.legend), 9) + Legend.rowGap }

    func size(_ m: TextMetrics) -> (width: Double, height: Double) {
        let textWidth = entries.map { m.width($0.label, .legend) }.max() ?? 0
        return (2 * Legend.padding + swatchWidth() + Legend.swatchGap + textWidth,
                2 * Legend.padding + Double(entries.count) * rowHeight(m) - Legend.rowGap)
    }

    /// Inside-corner candidates in the order `.best` tries them.
    func corners(in plot: Rect, _ m: TextMetrics) -> [Rect] {
        let (w, h) = size(m)
        let left = plot.minX + Legend.margin, right = plot.maxX - Legend.margin - w
        let top = plot.minY + Legend.margin, bottom = plot.maxY - Legend.margin - h
        return [(right, top), (left, top), (right, bottom), (left, bottom)].map {
            Rect(x: $0.0, y: $0.1, width: w, height: h)
        }
    }

    /// The legend's box beside `plot`, aligned with its top.
    func outside(of plot: Rect, _ m: TextMetrics) -> Rect {
        let (w, h) = size(m)
        return Rect(x: plot.maxX + 2 * Legend.margin, y: plot.minY, width: w, height: h)
    }

    /// Width to keep free right of the plot for an outside legend.
    func outsideReserve(_ m: TextMetrics) -> Double { size(m).width + 2 * Legend.margin }

    func draw(_ canvas: Canvas, in box: Rect) {
        let m = canvas.metrics
        canvas.fill(box, .white, alpha: 0.92)
        canvas.stroke(box, Color(hex: 0xCCCCCC), width: 0.6)
        let sw = swatchWidth()
        for (i, entry) in entries.enumerated() {
            let cy = box.minY + Legend.padding + (Double(i) + 0.5) * rowHeight(m) - Legend.rowGap / 2
            let sx = box.minX + Legend.padding
            switch entry.swatch {
            case let .line(dash, marker):
                canvas.line(Point(x: sx, y: cy), Point(x: sx + sw, y: cy), entry.color, width: 1.8, dash: dash)
                if let marker { canvas.marker(marker, at: Point(x: sx + sw / 2, y: cy), size: 5, entry.color) }
            case .patch:
                canvas.fill(Rect(x: sx, y: cy - 4.5, width: sw, height: 9), entry.color)
            case let .marker(marker):
                canvas.marker(marker, at: Point(x: sx + sw / 2, y: cy), size: 6, entry.color)
            }
            canvas.text(entry.label, at: Point(x: sx + sw + Legend.swatchGap, y: cy), .legend, v: .capCenter)
        }
    }
}

extension Legend {
    /// Chooses the legend's box. `layout(reserve)` lays the chart out with `reserve` points kept
    /// free on the right; `covers(plot frame, box)` says whether a box would hide data.
    static func place<L>(_ legend: Legend?, _ placement: LegendPlacement, metrics m: TextMetrics,
                         layout: (Double) -> L, plot: (L) -> Rect, covers: (L, Rect) -> Bool) -> (L, Rect?) {
        guard let legend, !legend.entries.isEmpty, placement != .hidden else { return (layout(0), nil) }
        if placement == .best {
            let inside = layout(0)
            if let box = legend.corners(in: plot(inside), m).first(where: { !covers(inside, $0.insetBy(-2)) }) {
                return (inside, box)
            }
        }
        let beside = layout(legend.outsideReserve(m))
        return (beside, legend.outside(of: plot(beside), m))
    }
}
