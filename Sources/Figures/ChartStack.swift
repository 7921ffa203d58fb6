import Foundation

/// Line charts stacked top to bottom on one page of the figure's width, each with its own
/// title, axes and legend, their plots aligned left and right — a generated signal above the
/// activation it causes (paper 004, Figs. 1, 6, 7). `weights` share the height out (equal by default).
public struct ChartStack: Figure {
    /// Names the figure in errors; each chart draws its own title.
    public var title: String
    public var charts: [LineChart]
    public var weights: [Double]

    public init(title: String = "", _ charts: [LineChart], weights: [Double]? = nil) {
        self.title = title
        self.charts = charts
        self.weights = weights ?? Array(repeating: 1, count: charts.count)
    }

    public func render(_ spec: FigureSpec, format: FigureFormat) throws -> Data {
        let name = figureName(title, kind: "chart stack")
        guard !charts.isEmpty else { throw FigureError(figure: name, reason: "there are no charts") }
        guard weights.count == charts.count, weights.allSatisfy({ $0 > 0 && $0.isFinite }) else {
            throw FigureError(figure: name, reason: "\(weights.count) positive weights needed for \(charts.count) charts, got \(weights)")
        }
        let panels = self.panels(spec), aligned = try self.aligned(panels)
        return try renderFigure(spec, format, name: name) { canvas in
            var top = 0.0
            for (chart, panel) in zip(aligned, panels) {
                try canvas.shifted(down: top) { try chart.draw(into: canvas, panel) }
                top += panel.pointHeight
            }
        }
    }

    /// Each chart's share of the page.
    func panels(_ spec: FigureSpec) -> [FigureSpec] {
        let total = weights.reduce(0, +)
        return weights.map { FigureSpec(width: spec.width, height: spec.height * $0 / total, dpi: spec.dpi) }
    }

    /// The charts with the widest left and right margins any of them needs, so the x axes line up.
    func aligned(_ panels: [FigureSpec]) throws -> [LineChart] {
        let margins = try zip(charts, panels).map { try $0.margins($1, TextMetrics()) }
        let widest = (left: margins.map(\.left).max()!, right: margins.map(\.right).max()!)
        return charts.map { var chart = $0; chart.minimumMargins = widest; return chart }
    }
}
