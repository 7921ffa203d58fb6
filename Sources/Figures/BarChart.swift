import Foundation

/// Grouped bars with min–max error bars and each value written above its bar.
public struct BarChart: Figure {
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var groups: [String]
    public var series: [BarSeries]
    public var showValues: Bool
    /// Decimals for the numbers above bars; nil chooses three significant digits of the largest.
    public var valueDecimals: Int?
    public var legend: LegendPlacement

    public init(title: String = "", xLabel: String = "", yLabel: String = "", groups: [String], series: [BarSeries],
                showValues: Bool = true, valueDecimals: Int? = nil, legend: LegendPlacement = .best) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.groups = groups
        self.series = series
        self.showValues = showValues
        self.valueDecimals = valueDecimals
        self.legend = legend
    }

    /// A chart's layout plus where each bar is.
    public struct Layout {
        public let chart: ChartLayout
        let bars: [[Rect]]

        /// The bar of `series` in `group`, in pixels.
        public func bar(series: Int, group: Int) -> Rect { bars[series][group].scaled(by: chart.scale) }
    }

    public func render(_ spec: FigureSpec, format: FigureFormat) throws -> Data {
        try renderFigure(spec, format, name: figureName(title, kind: "bar chart")) { canvas in
            let (frame, legend) = try arrange(spec, canvas.metrics)
            draw(canvas, frame, legend)
        }
    }

    public func layout(_ spec: FigureSpec = FigureSpec()) throws -> Layout {
        let (frame, legend) = try arrange(spec, TextMetrics())
        return Layout(chart: ChartLayout(frame: frame, scale: spec.scale, legendBox: legend?.box), bars: barRects(frame))
    }

    private func color(_ s: Int) -> Color { series[s].color ?? Color.categorical(s) }

    /// Two decimals below 10, one below 100, none above: enough to compare bars by eye.
    private var decimals: Int {
        if let valueDecimals { return max(0, valueDecimals) }
        let largest = series.flatMap(\.values).map(abs).max() ?? 0
        return largest >= 100 ? 0 : largest >= 10 ? 1 : 2
    }

    private func valueText(_ v: Double) -> String { TickLabels.number(v, decimals: decimals) }

    private func check() throws {
        let name = figureName(title, kind: "bar chart")
        if groups.isEmpty { throw FigureError(figure: name, reason: "there are no groups") }
        if series.isEmpty { throw FigureError(figure: name, reason: "there are no series") }
        for s in series {
            if let problem = s.problem(groups: groups.count) { throw FigureError(figure: name, reason: problem) }
        }
    }

    /// Bars fill 80 % of each group's slot, side by side.
    private func barRects(_ frame: PlotFrame) -> [[Rect]] {
        let width = 0.8 / Double(series.count)
        return series.indices.map { s in
            groups.indices.map { g in
                let x0 = Double(g) - 0.4 + Double(s) * width
                let a = frame.point(x0, 0), b = frame.point(x0 + width, series[s].values[g])
                return Rect(x: a.x, y: min(a.y, b.y), width: b.x - a.x, height: abs(a.y - b.y))
            }
        }
    }

    /// How the numbers are set: level when they fit across a bar, else vertical, shrunk down
    /// to 5.5 pt if need be; nil (left out) when even that would run into the next bar.
    private func valueStyle(_ frame: PlotFrame, _ m: TextMetrics) -> (vertical: Bool, font: Font)? {
        guard showValues else { return nil }
        let barWidth = frame.plot.width / Double(groups.count) * 0.8 / Double(series.count)
        let widest = series.flatMap(\.values).map { m.width(valueText($0), .annotation) }.max()!
        if widest <= barWidth + 2 {
            // Level numbers may be a little wider than their bars as long as neighbours,
            // each at its own bar's height, keep 1.5 pt apart.
            let boxes = groups.indices.flatMap { g in
                series.indices.map { valueLabel(frame, m, s: $0, g: g, style: (false, .annotation)).1 }
            }
            if !zip(boxes, boxes.dropFirst()).contains(where: { $0.insetBy(-0.75).intersects($1.insetBy(-0.75)) }) {
                return (false, .annotation)
            }
        }
        let height = m.lineHeight(.annotation)
        if height <= barWidth + 1 { return (true, .annotation) }
        let font = Font(size: Font.annotation.size * (barWidth + 1) / height)
        return font.size >= 5.5 ? (true, font) : nil
    }

    /// The number of series s, group g: its anchor just beyond the bar or error bar, and its box.
    private func valueLabel(_ frame: PlotFrame, _ m: TextMetrics, s: Int, g: Int,
                            style: (vertical: Bool, font: Font)) -> (Point, Rect) {
        let bar = barRects(frame)[s][g]
        let v = series[s].values[g]
        let w = m.width(valueText(v), style.font), h = m.lineHeight(style.font)
        let (lo, hi) = series[s].extent(g)
        let up = v >= 0
        let edge = frame.point(0, up ? hi : lo).y + (up ? -3 : 3)
        let (bw, bh) = style.vertical ? (h, w) : (w, h)
        let box = Rect(x: bar.midX - bw / 2, y: up ? edge - bh : edge, width: bw, height: bh)
        return (Point(x: bar.midX, y: edge), box)
    }

    private func arrange(_ spec: FigureSpec, _ m: TextMetrics) throws -> (PlotFrame, PlacedLegend?) {
        try check()
        let lows = series.flatMap { s in groups.indices.map { s.extent($0).0 } }
        let highs = series.flatMap { s in groups.indices.map { s.extent($0).1 } }
        let lo = lows.min()!, hi = highs.max()!
        func frame(_ space: LegendSpace, _ range: ClosedRange<Double>) -> PlotFrame {
            PlotFrame.layout(width: spec.pointWidth, height: spec.pointHeight, title: title, xLabel: xLabel, yLabel: yLabel,
                             x: .categories(groups), y: .numeric(lo: range.lowerBound, hi: range.upperBound, scale: .linear),
                             reserveRight: space.right, reserveBottom: space.below, metrics: m)
        }
        // Headroom for the numbers: k = text height / plot height, solved so the tallest
        // number ends just inside the plot.
        func layout(_ space: LegendSpace) -> PlotFrame {
            var range = padded(lo, hi, by: 0.04, log: false)
            if lo >= 0 { range = 0...range.upperBound }
            for _ in 0..<2 {
                let f = frame(space, range)
                guard let style = valueStyle(f, m), hi > lo else { return f }  // all bars equal (e.g. all 0): keep the padded range
                let text = (style.vertical ? series.flatMap(\.values).map { m.width(valueText($0), style.font) }.max()!
                                           : m.lineHeight(style.font)) + 6
                let k = min(0.45, text / f.plot.height)
                let span = (hi - lo) / (1 - (hi > 0 ? k : 0) - (lo < 0 ? k : 0))
                range = (lo < 0 ? lo - k * span : min(0, lo))...(hi > 0 ? hi + k * span : 0)
            }
            return frame(space, range)
        }
        let entries = series.enumerated().map { Legend.Entry(label: $1.name, color: color($0), swatch: .patch) }
        return Legend.place(series.count > 1 ? Legend(entries: entries) : nil, legend, width: spec.pointWidth,
                            height: spec.pointHeight, metrics: m, layout: layout, covers: { covers($0, $1, m) })
    }

    /// Whether `box` would hide a bar, error bar or number.
    func covers(_ frame: PlotFrame, _ box: Rect, _ m: TextMetrics) -> Bool {
        let bars = barRects(frame)
        let style = valueStyle(frame, m)
        for s in series.indices {
            for g in groups.indices {
                let (lo, hi) = series[s].extent(g)
                let span = Rect(x: bars[s][g].minX, y: frame.point(0, hi).y, width: bars[s][g].width,
                                height: frame.point(0, lo).y - frame.point(0, hi).y)
                if span.intersects(box) { return true }
                if let style, valueLabel(frame, m, s: s, g: g, style: style).1.intersects(box) { return true }
            }
        }
        return false
    }

    private func draw(_ canvas: Canvas, _ frame: PlotFrame, _ legend: PlacedLegend?) {
        let m = canvas.metrics
        frame.drawGrid(canvas, vertical: false, horizontal: true)
        let bars = barRects(frame)
        for s in series.indices {
            for g in groups.indices { canvas.fill(bars[s][g], color(s)) }
        }
        for s in series.indices {
            guard let lower = series[s].lower, let upper = series[s].upper else { continue }
            for g in groups.indices {
                let bar = bars[s][g]
                let a = frame.point(0, lower[g]).y, b = frame.point(0, upper[g]).y
                let cap = min(bar.width * 0.3, 5)
                canvas.line(Point(x: bar.midX, y: a), Point(x: bar.midX, y: b), .ink, width: 1)
                canvas.line(Point(x: bar.midX - cap, y: a), Point(x: bar.midX + cap, y: a), .ink, width: 1)
                canvas.line(Point(x: bar.midX - cap, y: b), Point(x: bar.midX + cap, y: b), .ink, width: 1)
            }
        }
        // Bars hanging below the axis need a zero line to hang from.
        if frame.y.lo < 0 { canvas.line(frame.point(frame.x.lo, 0), frame.point(frame.x.hi, 0), .ink, width: 0.8) }
        frame.drawAxes(canvas)
        if let style = valueStyle(frame, m) {
            for s in series.indices {
                for g in groups.indices {
                    let (anchor, _) = valueLabel(frame, m, s: s, g: g, style: style)
                    let up = series[s].values[g] >= 0
                    let text = valueText(series[s].values[g])
                    if style.vertical {
                        canvas.text(text, at: anchor, style.font, h: up ? .left : .right, v: .capCenter, angle: -90)
                    } else {
                        canvas.text(text, at: anchor, style.font, h: .center, v: up ? .bottom : .top)
                    }
                }
            }
        }
        if let legend { legend.legend.draw(canvas, in: legend.box) }
    }
}
