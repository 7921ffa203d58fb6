import Foundation

/// Line charts stacked top to bottom on one page of the figure's width, each with its own
/// title, axes and legend — a generated signal above the activation it causes (paper 004,
/// Figs. 1, 6, 7). `weights` share the height out (equal by default).
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
        let total = weights.reduce(0, +)
        return try renderFigure(spec, format, name: name) { canvas in
            var top = 0.0
            for (chart, weight) in zip(charts, weights) {
                let panel = FigureSpec(width: spec.width, height: spec.height * weight / total, dpi: spec.dpi)
                try canvas.shifted(down: top) { try chart.draw(into: canvas, panel) }
                top += panel.pointHeight
            }
        }
    }
}
