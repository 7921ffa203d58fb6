/// A vertical strip of a colormap with ticks and a label, beside a heatmap or image grid.
struct Colorbar {
    let scale: ColorScale
    let range: ClosedRange<Double>
    let label: String

    static let gap = 10.0
    static let barWidth = 11.0

    /// Sparser than a y axis: a colorbar is read for its ends and middle, not interpolated.
    private func axis(_ length: Double, _ m: TextMetrics) -> Axis {
        Axis.fitted(.numeric(lo: range.lowerBound, hi: range.upperBound, scale: .linear), length: length,
                    horizontal: false, spacing: 34, metrics: m)
    }

    /// Width it takes right of the plot when `length` points tall: gap, strip, ticks, labels, title.
    func width(length: Double, _ m: TextMetrics) -> Double {
        let labels = axis(length, m).labels.map { m.width($0, .tick) }.max() ?? 0
        return Colorbar.gap + Colorbar.barWidth + PlotFrame.tickLength + PlotFrame.gap + labels
            + (axis(length, m).title(label).isEmpty ? 0 : PlotFrame.gap + 2 + m.lineHeight(.label))
    }

    /// Draws the strip in `rect` (its ticks and label go to the right).
    func draw(_ canvas: Canvas, strip rect: Rect) {
        let m = canvas.metrics
        // 256 rows, top = high end, drawn like a heatmap so the colours are the map's own.
        let steps = 256
        let column = Grid2D(rows: steps, cols: 1) { r, _ in
            range.upperBound - (Double(r) + 0.5) / Double(steps) * (range.upperBound - range.lowerBound)
        }
        canvas.image(Raster(column, colormap: scale.colormap, range: range), in: rect)
        // The outline sits just outside the strip so the end colours stay unblended.
        canvas.stroke(rect.insetBy(-0.3), .ink, width: 0.6)
        let a = axis(rect.height, m)
        var widest = 0.0
        for (t, text) in zip(a.ticks, a.labels) {
            let y = rect.maxY - a.fraction(t) * rect.height
            canvas.line(Point(x: rect.maxX, y: y), Point(x: rect.maxX + PlotFrame.tickLength, y: y), .ink, width: 0.8)
            canvas.text(text, at: Point(x: rect.maxX + PlotFrame.tickLength + PlotFrame.gap, y: y), .tick, v: .capCenter)
            widest = max(widest, m.width(text, .tick))
        }
        let title = a.title(label)
        if !title.isEmpty {
            let x = rect.maxX + PlotFrame.tickLength + PlotFrame.gap + widest + PlotFrame.gap + 2 + m.ascent(.label)
            canvas.text(title, at: Point(x: x, y: rect.midY), .label, h: .center, v: .baseline, angle: -90)
        }
    }
}
