import Foundation

/// Points coloured by category with a legend of the categories, e.g. a t-SNE atlas of
/// embeddings coloured by class.
public struct ScatterPlot: Figure {
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var x: [Double]
    public var y: [Double]
    /// Category of each point, an index into `categoryNames`.
    public var categories: [Int]
    public var categoryNames: [String]
    /// Marker diameter in points.
    public var pointSize: Double
    public var legend: LegendPlacement

    public init(title: String = "", xLabel: String = "", yLabel: String = "", x: [Double], y: [Double],
                categories: [Int], categoryNames: [String], pointSize: Double = 4.5, legend: LegendPlacement = .best) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.x = x
        self.y = y
        self.categories = categories
        self.categoryNames = categoryNames
        self.pointSize = pointSize
        self.legend = legend
    }

    public func render(_ spec: FigureSpec, format: FigureFormat) throws -> Data {
        try renderFigure(spec, format, name: figureName(title, kind: "scatter plot")) { canvas in
            let (frame, legend) = try arrange(spec, canvas.metrics)
            draw(canvas, frame, legend)
        }
    }

    public func layout(_ spec: FigureSpec = FigureSpec()) throws -> ChartLayout {
        let (frame, legend) = try arrange(spec, TextMetrics())
        return ChartLayout(frame: frame, scale: spec.scale, legendBox: legend?.box)
    }

    private func check() throws {
        let name = figureName(title, kind: "scatter plot")
        func fail(_ reason: String) -> FigureError { FigureError(figure: name, reason: reason) }
        if x.isEmpty { throw fail("there are no points") }
        if x.count != y.count || x.count != categories.count {
            throw fail("\(x.count) x values, \(y.count) y values and \(categories.count) categories differ in length")
        }
        if let i = x.indices.first(where: { !x[$0].isFinite || !y[$0].isFinite }) {
            throw fail("point \(i) is at (\(x[i]), \(y[i]))")
        }
        if let i = categories.firstIndex(where: { $0 < 0 || $0 >= categoryNames.count }) {
            throw fail("point \(i) has category \(categories[i]) but there are \(categoryNames.count) category names")
        }
        if !(pointSize > 0 && pointSize.isFinite) { throw fail("point size \(pointSize) is not positive") }
    }

    private func arrange(_ spec: FigureSpec, _ m: TextMetrics) throws -> (PlotFrame, PlacedLegend?) {
        try check()
        let xr = padded(x.min()!, x.max()!, by: 0.05, log: false)
        let yr = padded(y.min()!, y.max()!, by: 0.05, log: false)
        func layout(_ space: LegendSpace) -> PlotFrame {
            PlotFrame.layout(width: spec.pointWidth, height: spec.pointHeight, title: title, xLabel: xLabel, yLabel: yLabel,
                             x: .numeric(lo: xr.lowerBound, hi: xr.upperBound, scale: .linear),
                             y: .numeric(lo: yr.lowerBound, hi: yr.upperBound, scale: .linear),
                             reserveRight: space.right, reserveBottom: space.below, metrics: m)
        }
        return Legend.place(legendContent(), legend, width: spec.pointWidth, height: spec.pointHeight, metrics: m,
                            layout: layout) { frame, box in
            let grown = box.insetBy(-pointSize / 2)
            return x.indices.contains { grown.contains(frame.point(x[$0], y[$0])) }
        }
    }

    /// Only the categories that occur, in index order.
    private func legendContent() -> Legend {
        let used = Set(categories)
        return Legend(entries: categoryNames.indices.filter(used.contains).map {
            Legend.Entry(label: categoryNames[$0], color: Color.categorical($0), swatch: .marker(.circle))
        })
    }

    private func draw(_ canvas: Canvas, _ frame: PlotFrame, _ legend: PlacedLegend?) {
        frame.drawGrid(canvas, vertical: true, horizontal: true)
        canvas.clipped(to: frame.plot) {
            // A thin white rim keeps dense clusters readable as separate points.
            for i in x.indices {
                canvas.marker(.circle, at: frame.point(x[i], y[i]), size: pointSize, Color.categorical(categories[i]), rim: 0.4)
            }
        }
        frame.drawAxes(canvas)
        if let legend { legend.legend.draw(canvas, in: legend.box) }
    }
}
