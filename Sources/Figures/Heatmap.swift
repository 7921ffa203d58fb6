import Foundation

/// A matrix as coloured cells with a colorbar: sequential (viridis) for magnitudes, diverging
/// (blue–white–red around zero) for signed values.
public struct Heatmap: Figure {
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var values: Grid2D
    public var colors: ColorScale
    public var colorbarLabel: String
    /// Names of rows (top to bottom) and columns; nil numbers them 0, 1, …
    public var rowLabels: [String]?
    public var columnLabels: [String]?
    /// Lines drawn after these row / column indices, e.g. between layers or states.
    public var rowSeparators: [Int]
    public var columnSeparators: [Int]

    public init(title: String = "", xLabel: String = "", yLabel: String = "", values: Grid2D,
                colors: ColorScale = .sequential, colorbarLabel: String = "", rowLabels: [String]? = nil,
                columnLabels: [String]? = nil, rowSeparators: [Int] = [], columnSeparators: [Int] = []) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.values = values
        self.colors = colors
        self.colorbarLabel = colorbarLabel
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.rowSeparators = rowSeparators
        self.columnSeparators = columnSeparators
    }

    /// Where the cells and colorbar are, in pixels.
    public struct Layout {
        let frame: PlotFrame
        let scale: Double
        let rows: Int
        let cols: Int
        /// The colorbar's strip in pixels.
        public let colorbar: Rect
        /// The colour limits in use.
        public let range: ClosedRange<Double>

        public var plot: Rect { frame.plot.scaled(by: scale) }

        /// The cell at `row` (0 = top) and `col` (0 = left), in pixels.
        public func cell(row: Int, col: Int) -> Rect {
            let w = frame.plot.width / Double(cols), h = frame.plot.height / Double(rows)
            return Rect(x: frame.plot.minX + Double(col) * w, y: frame.plot.minY + Double(row) * h, width: w, height: h)
                .scaled(by: scale)
        }
    }

    public func render(_ spec: FigureSpec, format: FigureFormat) throws -> Data {
        try renderFigure(spec, format, name: figureName(title, kind: "heatmap")) { canvas in
            let layout = try arrange(spec, canvas.metrics)
            draw(canvas, layout)
        }
    }

    public func layout(_ spec: FigureSpec = FigureSpec()) throws -> Layout {
        let (frame, range, strip) = try arrange(spec, TextMetrics())
        return Layout(frame: frame, scale: spec.scale, rows: values.rows, cols: values.cols,
                      colorbar: strip.scaled(by: spec.scale), range: range)
    }

    private func check() throws {
        let name = figureName(title, kind: "heatmap")
        if let problem = values.problem("the matrix") { throw FigureError(figure: name, reason: problem) }
        if let r = rowLabels, r.count != values.rows {
            throw FigureError(figure: name, reason: "\(r.count) row labels for \(values.rows) rows")
        }
        if let c = columnLabels, c.count != values.cols {
            throw FigureError(figure: name, reason: "\(c.count) column labels for \(values.cols) columns")
        }
        if let r = rowSeparators.first(where: { $0 < 0 || $0 >= values.rows - 1 }) {
            throw FigureError(figure: name, reason: "row separator after row \(r) is not between two of the \(values.rows) rows")
        }
        if let c = columnSeparators.first(where: { $0 < 0 || $0 >= values.cols - 1 }) {
            throw FigureError(figure: name, reason: "column separator after column \(c) is not between two of the \(values.cols) columns")
        }
        if let r = colors.range, !(r.lowerBound.isFinite && r.upperBound.isFinite && r.upperBound > r.lowerBound) {
            throw FigureError(figure: name, reason: "colour range \(r) is not a finite, non-empty range")
        }
    }

    private func arrange(_ spec: FigureSpec, _ m: TextMetrics) throws -> (PlotFrame, ClosedRange<Double>, Rect) {
        try check()
        let range = colors.resolved(values.values)
        let bar = Colorbar(scale: colors, range: range, label: colorbarLabel)
        let rows = rowLabels ?? (0..<values.rows).map(String.init)
        let cols = columnLabels ?? (0..<values.cols).map(String.init)
        func layout(_ reserve: Double) -> PlotFrame {
            PlotFrame.layout(width: spec.pointWidth, height: spec.pointHeight, title: title, xLabel: xLabel, yLabel: yLabel,
                             x: .categories(cols), y: .categories(rows), yInverted: true, reserveRight: reserve, metrics: m)
        }
        // The colorbar's labels depend on its height, which the layout decides: measure twice.
        let estimate = bar.width(length: spec.pointHeight / 2, m)
        var frame = layout(estimate)
        let needed = bar.width(length: frame.plot.height, m)
        if needed != estimate { frame = layout(needed) }
        let strip = Rect(x: frame.plot.maxX + Colorbar.gap, y: frame.plot.minY, width: Colorbar.barWidth,
                         height: frame.plot.height)
        return (frame, range, strip)
    }

    private func draw(_ canvas: Canvas, _ arranged: (PlotFrame, ClosedRange<Double>, Rect)) {
        let (frame, range, strip) = arranged
        let plot = frame.plot
        canvas.image(Raster(values, colormap: colors.colormap, range: range), in: plot)
        // White lines vanish on the diverging map's white middle; ink shows on both.
        let separator = colors.symmetric ? Color.ink : Color.white
        let cw = plot.width / Double(values.cols), ch = plot.height / Double(values.rows)
        for r in rowSeparators {
            let y = plot.minY + Double(r + 1) * ch
            canvas.line(Point(x: plot.minX, y: y), Point(x: plot.maxX, y: y), separator, width: 1.2)
        }
        for c in columnSeparators {
            let x = plot.minX + Double(c + 1) * cw
            canvas.line(Point(x: x, y: plot.minY), Point(x: x, y: plot.maxY), separator, width: 1.2)
        }
        frame.drawAxes(canvas, boxed: true)
        Colorbar(scale: colors, range: range, label: colorbarLabel).draw(canvas, strip: strip)
    }
}
