import Foundation

/// Several series against a shared x axis, e.g. a metric over epochs per method.
public struct LineChart: Figure {
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [LineSeries]
    public var yScale: AxisScale
    public var markers: [VerticalMarker]
    public var legend: LegendPlacement
    /// Fixed axis limits; nil fits the data with a small margin.
    public var xLimits: ClosedRange<Double>?
    public var yLimits: ClosedRange<Double>?
    /// At least this much room (points) left and right of the plot: panels of a `ChartStack`
    /// share their plot's horizontal extent so their time axes line up.
    var minimumMargins: (left: Double, right: Double) = (0, 0)

    public init(title: String = "", xLabel: String = "", yLabel: String = "", series: [LineSeries],
                yScale: AxisScale = .linear, markers: [VerticalMarker] = [], legend: LegendPlacement = .best,
                xLimits: ClosedRange<Double>? = nil, yLimits: ClosedRange<Double>? = nil) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.yScale = yScale
        self.markers = markers
        self.legend = legend
        self.xLimits = xLimits
        self.yLimits = yLimits
    }

    static let lineWidth = 1.8
    static let markerSize = 5.5

    public func render(_ spec: FigureSpec, format: FigureFormat) throws -> Data {
        let name = figureName(title, kind: "line chart")
        return try renderFigure(spec, format, name: name) { canvas in try draw(into: canvas, spec) }
    }

    /// The plot's margins left and right of it for `spec`, in points.
    func margins(_ spec: FigureSpec, _ m: TextMetrics) throws -> (left: Double, right: Double) {
        let plot = try arrange(spec, m).0.plot
        return (plot.minX, spec.pointWidth - plot.maxX)
    }

    /// Lays the chart out for `spec` and draws it at the canvas's origin (also one panel of a `ChartStack`).
    func draw(into canvas: Canvas, _ spec: FigureSpec) throws {
        let (frame, legend) = try arrange(spec, canvas.metrics)
        draw(canvas, frame, legend)
    }

    /// Where the chart puts its plot, legend and data points for `spec`.
    public func layout(_ spec: FigureSpec = FigureSpec()) throws -> ChartLayout {
        let (frame, legend) = try arrange(spec, TextMetrics())
        return ChartLayout(frame: frame, scale: spec.scale, legendBox: legend?.box)
    }

    private func color(_ i: Int) -> Color { series[i].color ?? Color.categorical(i) }

    /// Named series only; an unnamed one (a reference curve) stays out of the legend.
    private func legendContent() -> Legend {
        Legend(entries: series.enumerated().filter { !$0.element.name.isEmpty }.map { i, s in
            Legend.Entry(label: s.name, color: color(i),
                         swatch: .line(dash: s.dashed ? [5, 3] : [], marker: s.marker ?? (s.y.count == 1 ? .circle : nil)))
        })
    }

    private func check() throws {
        let name = figureName(title, kind: "line chart")
        if series.isEmpty { throw FigureError(figure: name, reason: "there are no series") }
        for s in series {
            if let problem = s.problem(logY: yScale == .log) { throw FigureError(figure: name, reason: problem) }
        }
        if let m = markers.first(where: { !$0.x.isFinite }) {
            throw FigureError(figure: name, reason: "vertical marker '\(m.label)' is at x = \(m.x)")
        }
        for (axis, limits) in [("x", xLimits), ("y", yLimits)] {
            if let l = limits, !(l.lowerBound.isFinite && l.upperBound.isFinite && l.upperBound > l.lowerBound) {
                throw FigureError(figure: name, reason: "\(axis) limits \(l) are not a finite, non-empty range")
            }
        }
        if yScale == .log, let l = yLimits, l.lowerBound <= 0 {
            throw FigureError(figure: name, reason: "y limits \(l) include values a log axis cannot show")
        }
    }

    private func limits() -> (x: ClosedRange<Double>, y: ClosedRange<Double>) {
        let xs = series.flatMap(\.x) + markers.map(\.x)
        let ys = series.flatMap { $0.y + ($0.band.map { $0.lower + $0.upper } ?? []) }
        let x = xLimits ?? padded(xs.min()!, xs.max()!, by: 0.03, log: false)
        let y = yLimits ?? padded(ys.min()!, ys.max()!, by: 0.06, log: yScale == .log)
        return (x, y)
    }

    private func arrange(_ spec: FigureSpec, _ m: TextMetrics) throws -> (PlotFrame, PlacedLegend?) {
        try check()
        let (xr, yr) = limits()
        let labelled = markers.filter { !$0.label.isEmpty }
        let rowHeight = m.lineHeight(.annotation) + 2
        func frame(_ space: LegendSpace, rows: Int) -> PlotFrame {
            PlotFrame.layout(width: spec.pointWidth, height: spec.pointHeight, title: title, xLabel: xLabel,
                             yLabel: yLabel, x: .numeric(lo: xr.lowerBound, hi: xr.upperBound, scale: .linear),
                             y: .numeric(lo: yr.lowerBound, hi: yr.upperBound, scale: yScale),
                             reserveRight: space.right, reserveTop: Double(rows) * rowHeight,
                             reserveBottom: space.below, minimumMargins: minimumMargins, metrics: m)
        }
        // Marker labels sit in rows above the plot; a label that would touch its neighbour
        // moves up a row.
        func layout(_ space: LegendSpace) -> PlotFrame {
            var rows = labelled.isEmpty ? 0 : 1
            for _ in 0..<2 { rows = max(rows, markerRows(frame(space, rows: rows), m).count) }
            return frame(space, rows: rows)
        }
        return Legend.place(legendContent(), legend, width: spec.pointWidth, height: spec.pointHeight, metrics: m,
                            layout: layout, covers: { covers($0, $1) })
    }

    /// Marker labels grouped into rows, bottom row first, each with its centre x.
    private func markerRows(_ frame: PlotFrame, _ m: TextMetrics) -> [[(VerticalMarker, Double)]] {
        var rows: [[(VerticalMarker, Double)]] = []
        var rowEnds: [Double] = []
        for marker in markers where !marker.label.isEmpty {
            let w = m.width(marker.label, .annotation)
            let cx = min(max(frame.point(marker.x, frame.y.lo).x, w / 2 + PlotFrame.pad), frame.canvasWidth - w / 2 - PlotFrame.pad)
            if let r = rowEnds.firstIndex(where: { $0 + 4 <= cx - w / 2 }) {
                rows[r].append((marker, cx))
                rowEnds[r] = cx + w / 2
            } else {
                rows.append([(marker, cx)])
                rowEnds.append(cx + w / 2)
            }
        }
        return rows
    }

    /// Whether `box` would hide any line, band, marker or vertical marker line.
    func covers(_ frame: PlotFrame, _ box: Rect) -> Bool {
        let grown = box.insetBy(-Self.markerSize / 2)
        for s in series {
            let points = zip(s.x, s.y).map { frame.point($0, $1) }
            if points.count == 1, grown.contains(points[0]) { return true }
            for i in points.indices.dropFirst() where grown.intersectsSegment(points[i - 1], points[i]) { return true }
            if let band = s.band {
                for i in s.x.indices.dropFirst() {
                    let corners = [frame.point(s.x[i - 1], band.lower[i - 1]), frame.point(s.x[i - 1], band.upper[i - 1]),
                                   frame.point(s.x[i], band.lower[i]), frame.point(s.x[i], band.upper[i])]
                    let xs = corners.map(\.x), ys = corners.map(\.y)
                    let hull = Rect(x: xs.min()!, y: ys.min()!, width: xs.max()! - xs.min()!, height: ys.max()! - ys.min()!)
                    if hull.intersects(grown) { return true }
                }
            }
        }
        return markers.contains { marker in
            let x = frame.point(marker.x, frame.y.lo).x
            return x >= grown.minX && x <= grown.maxX
        }
    }

    private func draw(_ canvas: Canvas, _ frame: PlotFrame, _ legend: PlacedLegend?) {
        frame.drawGrid(canvas, vertical: false, horizontal: true)
        canvas.clipped(to: frame.plot) {
            for (i, s) in series.enumerated() {
                guard let band = s.band else { continue }
                let upper = zip(s.x, band.upper).map { frame.point($0, $1) }
                let lower = zip(s.x, band.lower).map { frame.point($0, $1) }
                canvas.fillPolygon(upper + lower.reversed(), color(i), alpha: 0.18)
            }
            for marker in markers {
                let x = frame.point(marker.x, frame.y.lo).x
                canvas.line(Point(x: x, y: frame.plot.minY), Point(x: x, y: frame.plot.maxY), marker.color,
                            width: 1, dash: [4, 3])
            }
            for (i, s) in series.enumerated() {
                let points = zip(s.x, s.y).map { frame.point($0, $1) }
                canvas.polyline(points, color(i), width: Self.lineWidth, dash: s.dashed ? [5, 3] : [])
                // A one-point series has no line to show; it gets a marker even if none was asked.
                if let marker = s.marker ?? (points.count == 1 ? .circle : nil) {
                    for p in points { canvas.marker(marker, at: p, size: Self.markerSize, color(i), rim: 0.8) }
                }
            }
        }
        frame.drawAxes(canvas)
        let rowHeight = canvas.metrics.lineHeight(.annotation) + 2
        for (r, row) in markerRows(frame, canvas.metrics).enumerated() {
            for (marker, cx) in row {
                let baseline = frame.plot.minY - 3 - Double(r) * rowHeight
                canvas.text(marker.label, at: Point(x: cx, y: baseline), .annotation, color: marker.color, h: .center, v: .bottom)
            }
        }
        if let legend { legend.legend.draw(canvas, in: legend.box) }
    }
}

/// lo…hi widened by `fraction` of its span on each side (in log space for log axes); a
/// single value gets a unit-wide (or ±10 %) range.
func padded(_ lo: Double, _ hi: Double, by fraction: Double, log: Bool) -> ClosedRange<Double> {
    if log {
        let a = Foundation.log10(lo), b = Foundation.log10(hi)
        let d = b > a ? (b - a) * fraction : 0.5
        return pow(10, a - d)...pow(10, b + d)
    }
    if hi > lo {
        let d = (hi - lo) * fraction
        return (lo - d)...(hi + d)
    }
    let d = lo == 0 ? 0.5 : abs(lo) * 0.1
    return (lo - d)...(hi + d)
}
