import Foundation

/// The plot area of a chart and everything around it: title, axis labels, ticks and tick
/// labels. Margins come from measured text, so labels never clip at any size or dpi.
struct PlotFrame {
    /// Outer padding, the gap between ticks and their labels, and the tick length (points).
    static let pad = 8.0
    static let gap = 3.5
    static let tickLength = 3.5

    let plot: Rect
    let x: Axis
    let y: Axis
    /// The title as drawn: shrunk or shortened to fit the canvas width.
    let title: (text: String, font: Font)
    let xLabel: String
    let yLabel: String
    let canvasWidth: Double

    /// Where data (x, y) lands on the canvas, in points.
    func point(_ vx: Double, _ vy: Double) -> Point {
        Point(x: plot.minX + x.fraction(vx) * plot.width, y: plot.maxY - y.fraction(vy) * plot.height)
    }

    /// Finds margins by measuring: left from the widest y label, bottom from the x labels'
    /// height (tilted ones are taller), right from an x label overhanging the last tick.
    static func layout(width: Double, height: Double, title: String, xLabel: String, yLabel: String,
                       x xContent: AxisContent, y yContent: AxisContent, yInverted: Bool = false,
                       reserveRight: Double = 0, reserveTop: Double = 0, reserveBottom: Double = 0,
                       minimumMargins: (left: Double, right: Double) = (0, 0), metrics m: TextMetrics) -> PlotFrame {
        let tick = Font.tick
        let fitted = m.fit(title, .title, maxWidth: width - 2 * pad, minSize: 8)
        let top = pad + reserveTop + (title.isEmpty ? m.capHeight(tick) / 2 : m.lineHeight(fitted.font) + 8)
        var yLabelBand = yLabel.isEmpty ? 0 : m.lineHeight(.label) + gap + 2
        var hasXLabel = !xLabel.isEmpty
        var xTickHeight = m.lineHeight(tick)
        var yTickWidth = 0.0
        var right = pad + reserveRight
        var result: PlotFrame!
        // Each margin depends on ticks that depend on the plot size; three rounds settle it.
        for _ in 0..<3 {
            let bottom = tickLength + gap + xTickHeight + (hasXLabel ? gap + 2 + m.lineHeight(.label) : 0) + pad
                + reserveBottom
            let plotHeight = max(20, height - top - bottom)
            var yAxis = Axis.fitted(yContent, length: plotHeight, horizontal: false, metrics: m)
            yAxis.inverted = yInverted
            if yAxis.multiplier != nil { yLabelBand = m.lineHeight(.label) + gap + 2 }
            yTickWidth = yAxis.labels.map { m.width($0, tick) }.max() ?? 0
            let left = max(minimumMargins.left, pad + yLabelBand + yTickWidth + gap + tickLength)
            right = max(right, minimumMargins.right)
            let plotWidth = max(20, width - left - right)
            let xAxis = Axis.fitted(xContent, length: plotWidth, horizontal: true, metrics: m)
            let plot = Rect(x: left, y: top, width: plotWidth, height: plotHeight)
            result = PlotFrame(plot: plot, x: xAxis, y: yAxis, title: fitted, xLabel: xLabel, yLabel: yLabel,
                               canvasWidth: width)
            xTickHeight = result.xTickLabelHeight(m)
            hasXLabel = !xLabel.isEmpty || xAxis.multiplier != nil
            // A level label centred on a tick near the right edge may stick out past the plot.
            let overhang = xAxis.tilted ? 0 : zip(xAxis.ticks, xAxis.labels).map { t, label in
                plot.minX + xAxis.fraction(t) * plotWidth + m.width(label, tick) / 2 - plot.maxX
            }.max() ?? 0
            right = pad + max(reserveRight, overhang)
        }
        return result
    }

    /// Height the x tick labels take below the tick marks.
    func xTickLabelHeight(_ m: TextMetrics) -> Double {
        guard x.tilted else { return m.lineHeight(.tick) }
        let widest = x.labels.map { m.width($0, .tick) }.max() ?? 0
        return (widest + m.capHeight(.tick)) * 0.5.squareRoot()
    }

    /// Light grid lines at the ticks, under the data.
    func drawGrid(_ canvas: Canvas, vertical: Bool, horizontal: Bool) {
        if horizontal {
            for t in y.ticks {
                let p = point(x.lo, t)
                canvas.line(Point(x: plot.minX, y: p.y), Point(x: plot.maxX, y: p.y), .grid, width: 0.6)
            }
        }
        if vertical {
            for t in x.ticks {
                let p = point(t, y.lo)
                canvas.line(Point(x: p.x, y: plot.minY), Point(x: p.x, y: plot.maxY), .grid, width: 0.6)
            }
        }
    }

    /// The frame, ticks, tick labels, axis labels and title, over the data.
    func drawAxes(_ canvas: Canvas, boxed: Bool = false) {
        let m = canvas.metrics
        let ink = Color.ink
        canvas.line(Point(x: plot.minX, y: plot.maxY), Point(x: plot.maxX, y: plot.maxY), ink, width: 0.8)
        canvas.line(Point(x: plot.minX, y: plot.minY), Point(x: plot.minX, y: plot.maxY), ink, width: 0.8)
        if boxed {
            canvas.line(Point(x: plot.minX, y: plot.minY), Point(x: plot.maxX, y: plot.minY), ink, width: 0.8)
            canvas.line(Point(x: plot.maxX, y: plot.minY), Point(x: plot.maxX, y: plot.maxY), ink, width: 0.8)
        }
        let labelTop = plot.maxY + PlotFrame.tickLength + PlotFrame.gap
        for (t, label) in zip(x.ticks, x.labels) {
            let px = point(t, y.lo).x
            canvas.line(Point(x: px, y: plot.maxY), Point(x: px, y: plot.maxY + PlotFrame.tickLength), ink, width: 0.8)
            if x.tilted {
                canvas.text(label, at: Point(x: px + 2, y: labelTop + 2), .tick, h: .right, v: .capCenter, angle: -45)
            } else {
                canvas.text(label, at: Point(x: px, y: labelTop), .tick, h: .center, v: .top)
            }
        }
        for t in x.minorTicks {
            let px = point(t, y.lo).x
            canvas.line(Point(x: px, y: plot.maxY), Point(x: px, y: plot.maxY + 2), ink, width: 0.6)
        }
        for (t, label) in zip(y.ticks, y.labels) {
            let py = point(x.lo, t).y
            canvas.line(Point(x: plot.minX - PlotFrame.tickLength, y: py), Point(x: plot.minX, y: py), ink, width: 0.8)
            canvas.text(label, at: Point(x: plot.minX - PlotFrame.tickLength - PlotFrame.gap, y: py), .tick,
                        h: .right, v: .capCenter)
        }
        for t in y.minorTicks {
            let py = point(x.lo, t).y
            canvas.line(Point(x: plot.minX - 2, y: py), Point(x: plot.minX, y: py), ink, width: 0.6)
        }
        let xTitle = x.title(xLabel), yTitle = y.title(yLabel)
        if !xTitle.isEmpty {
            let top = labelTop + xTickLabelHeight(m) + PlotFrame.gap + 2
            let label = m.fit(xTitle, .label, maxWidth: canvas.width - 2 * PlotFrame.pad)
            let half = m.width(label.text, label.font) / 2
            let cx = min(max(plot.midX, half + PlotFrame.pad), canvas.width - half - PlotFrame.pad)
            canvas.text(label.text, at: Point(x: cx, y: top), label.font, h: .center, v: .top)
        }
        if !yTitle.isEmpty {
            // Kept within the plot's height (shrunk if need be) so it never meets the title.
            let label = m.fit(yTitle, .label, maxWidth: plot.height + PlotFrame.tickLength + PlotFrame.gap + m.lineHeight(.tick))
            canvas.text(label.text, at: Point(x: PlotFrame.pad + m.ascent(.label), y: plot.midY), label.font,
                        h: .center, v: .baseline, angle: -90)
        }
        if !title.text.isEmpty {
            // Centred over the plot like matplotlib, unless that would push it off the canvas.
            let w = m.width(title.text, title.font)
            let cx = min(max(plot.midX, w / 2 + PlotFrame.pad), canvasWidth - w / 2 - PlotFrame.pad)
            canvas.text(title.text, at: Point(x: cx, y: PlotFrame.pad), title.font, h: .center, v: .top)
        }
    }
}
