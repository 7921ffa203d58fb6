/// Where a chart puts its legend.
public enum LegendPlacement: Sendable {
    /// The first inside corner (upper right, upper left, lower right, lower left) where it
    /// covers no data; else beside the plot on the right, or below it in columns when the
    /// side would leave the plot too narrow.
    case best
    /// Always beside the plot, on the right.
    case outside
    case hidden
}

/// Room a chart keeps free for a legend outside its plot.
enum LegendSpace {
    case none
    case right(Double)
    case below(Double)

    var right: Double { if case let .right(w) = self { return w } else { return 0 } }
    var below: Double { if case let .below(h) = self { return h } else { return 0 } }
}

/// A boxed list of swatches and labels, in one column or, below a plot, in several.
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
    var columns = 1

    static let padding = 5.0
    static let margin = 6.0
    private static let rowGap = 2.0
    private static let swatchGap = 5.0
    private static let columnGap = 12.0

    private var swatchWidth: Double {
        entries.contains { if case .line = $0.swatch { return true } else { return false } } ? 20 : 9
    }

    private var rows: Int { (entries.count + columns - 1) / columns }

    private func rowHeight(_ m: TextMetrics) -> Double { max(m.lineHeight(.legend), 9) + Legend.rowGap }

    private func columnWidth(_ m: TextMetrics) -> Double {
        swatchWidth + Legend.swatchGap + (entries.map { m.width($0.label, .legend) }.max() ?? 0)
    }

    func size(_ m: TextMetrics) -> (width: Double, height: Double) {
        let c = Double(columns)
        return (2 * Legend.padding + c * columnWidth(m) + (c - 1) * Legend.columnGap,
                2 * Legend.padding + Double(rows) * rowHeight(m) - Legend.rowGap)
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

    /// The same entries in as many columns as fit across `width`.
    func spread(across width: Double, _ m: TextMetrics) -> Legend {
        var legend = self
        while legend.columns < entries.count {
            var wider = legend
            wider.columns += 1
            if wider.size(m).width > width { break }
            legend = wider
        }
        return legend
    }

    func draw(_ canvas: Canvas, in box: Rect) {
        let m = canvas.metrics
        canvas.fill(box, .white, alpha: 0.92)
        canvas.stroke(box, Color(hex: 0xCCCCCC), width: 0.6)
        let sw = swatchWidth
        for (i, entry) in entries.enumerated() {
            let row = i / columns, column = i % columns
            let cy = box.minY + Legend.padding + (Double(row) + 0.5) * rowHeight(m) - Legend.rowGap / 2
            let sx = box.minX + Legend.padding + Double(column) * (columnWidth(m) + Legend.columnGap)
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

/// A legend and the box it is drawn in.
struct PlacedLegend {
    var legend: Legend
    var box: Rect
}

extension Legend {
    /// Chooses the legend's box. `layout(space)` lays the chart out keeping `space` free;
    /// `covers(frame, box)` says whether a box would hide data.
    static func place(_ legend: Legend?, _ placement: LegendPlacement, width: Double, height: Double,
                      metrics m: TextMetrics, layout: (LegendSpace) -> PlotFrame,
                      covers: (PlotFrame, Rect) -> Bool) -> (PlotFrame, PlacedLegend?) {
        guard let legend, !legend.entries.isEmpty, placement != .hidden else { return (layout(.none), nil) }
        if placement == .best {
            let inside = layout(.none)
            if let box = legend.corners(in: inside.plot, m).first(where: { !covers(inside, $0.insetBy(-2)) }) {
                return (inside, PlacedLegend(legend: legend, box: box))
            }
        }
        let (w, h) = legend.size(m)
        let beside = layout(.right(w + 2 * margin))
        let besideBox = Rect(x: beside.plot.maxX + 2 * margin, y: beside.plot.minY, width: w, height: h)
        // Beside, unless it would run off the bottom, or squeeze the plot below half the
        // figure when below leaves more.
        let fitsBeside = besideBox.maxY <= height - PlotFrame.pad
        if placement == .outside || (fitsBeside && beside.plot.width >= 0.5 * width) {
            return (beside, PlacedLegend(legend: legend, box: besideBox))
        }
        let wide = legend.spread(across: width - 2 * PlotFrame.pad, m)
        let (ww, wh) = wide.size(m)
        let below = layout(.below(wh + margin))
        if fitsBeside && below.plot.width * below.plot.height < beside.plot.width * beside.plot.height {
            return (beside, PlacedLegend(legend: legend, box: besideBox))
        }
        let x = min(max(below.plot.midX - ww / 2, PlotFrame.pad), width - PlotFrame.pad - ww)
        return (below, PlacedLegend(legend: wide, box: Rect(x: x, y: height - PlotFrame.pad - wh, width: ww, height: wh)))
    }
}
