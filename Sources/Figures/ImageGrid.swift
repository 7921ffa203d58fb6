import Foundation

/// Rows × columns of small images or heatmap overlays with row and column titles:
/// samples × epochs, methods × samples.
public struct ImageGrid: Figure {
    public var title: String
    public var rowTitles: [String]
    public var columnTitles: [String]
    /// cells[row][column]; every row has one cell per column.
    public var cells: [[CellImage]]
    /// Colours for heatmap and overlay cells, shared by the whole grid.
    public var colors: ColorScale
    /// Values mapped to black…white in gray cells and overlay bases.
    public var grayRange: ClosedRange<Double>
    /// A colorbar for the heat cells is drawn when this is non-nil ("" draws it unlabelled).
    public var colorbarLabel: String?
    public var overlayBlend: OverlayBlend

    public init(title: String = "", rowTitles: [String] = [], columnTitles: [String] = [], cells: [[CellImage]],
                colors: ColorScale = .sequential, grayRange: ClosedRange<Double> = 0...1, colorbarLabel: String? = nil,
                overlayBlend: OverlayBlend = .byMagnitude) {
        self.title = title
        self.rowTitles = rowTitles
        self.columnTitles = columnTitles
        self.cells = cells
        self.colors = colors
        self.grayRange = grayRange
        self.colorbarLabel = colorbarLabel
        self.overlayBlend = overlayBlend
    }

    static let spacing = 4.0

    /// Where each cell's image is, in pixels.
    public struct Layout {
        let cellRects: [[Rect]]
        let scale: Double
        let colorbarStrip: Rect?
        let range: ClosedRange<Double>?

        /// The image of `row`, `col` (aspect kept, centred in its slot), in pixels.
        public func cell(row: Int, col: Int) -> Rect { cellRects[row][col].scaled(by: scale) }
        public var colorbar: Rect? { colorbarStrip?.scaled(by: scale) }
    }

    public func render(_ spec: FigureSpec, format: FigureFormat) throws -> Data {
        try renderFigure(spec, format, name: figureName(title, kind: "image grid")) { canvas in
            draw(canvas, try arrange(spec, canvas.metrics))
        }
    }

    public func layout(_ spec: FigureSpec = FigureSpec()) throws -> Layout {
        let a = try arrange(spec, TextMetrics())
        return Layout(cellRects: a.cells, scale: spec.scale, colorbarStrip: a.strip, range: a.range)
    }

    private var columnCount: Int { cells.first?.count ?? 0 }
    private var heatValues: [Double] { cells.flatMap { $0.flatMap(\.heatValues) } }

    private func check() throws {
        let name = figureName(title, kind: "image grid")
        func fail(_ reason: String) -> FigureError { FigureError(figure: name, reason: reason) }
        if cells.isEmpty || columnCount == 0 { throw fail("there are no cells") }
        if let r = cells.firstIndex(where: { $0.count != columnCount }) {
            throw fail("row \(r) has \(cells[r].count) cells but row 0 has \(columnCount)")
        }
        if !rowTitles.isEmpty && rowTitles.count != cells.count { throw fail("\(rowTitles.count) row titles for \(cells.count) rows") }
        if !columnTitles.isEmpty && columnTitles.count != columnCount {
            throw fail("\(columnTitles.count) column titles for \(columnCount) columns")
        }
        for (r, row) in cells.enumerated() {
            for (c, cell) in row.enumerated() {
                if let problem = cell.problem("cell (\(r), \(c))") { throw fail(problem) }
            }
        }
        if cells.allSatisfy({ $0.allSatisfy { $0.size == nil } }) { throw fail("every cell is empty") }
    }

    private struct Arranged {
        var cells: [[Rect]]
        var strip: Rect?
        var range: ClosedRange<Double>?
        var titleTop: Double
        var columnTitleBaseline: Double
        var columnFont: Font
        var rowFont: Font
    }

    /// Slots share one size, set by the first non-empty image's aspect ratio, and are as large
    /// as the space left by the titles and colorbar allows.
    private func arrange(_ spec: FigureSpec, _ m: TextMetrics) throws -> Arranged {
        try check()
        let pad = PlotFrame.pad, gap = ImageGrid.spacing
        let rows = cells.count, cols = columnCount
        let first = cells.joined().compactMap(\.size).first!
        let aspect = Double(first.height) / Double(first.width)
        let range: ClosedRange<Double>? = heatValues.isEmpty ? nil : colors.resolved(heatValues)
        let colorbar = range.flatMap { r in colorbarLabel.map { Colorbar(scale: colors, range: r, label: $0) } }
        let titleHeight = title.isEmpty ? 0 : m.lineHeight(.title) + 6
        let columnBand = columnTitles.isEmpty ? 0 : m.lineHeight(.cellTitle) + gap
        let rowFont = Font.cellTitle
        let rowBand = rowTitles.isEmpty ? 0 : (rowTitles.map { m.width($0, rowFont) }.max() ?? 0) + 2 * gap
        let headerHeight = pad + titleHeight + columnBand
        let availableHeight = spec.pointHeight - headerHeight - pad - Double(rows - 1) * gap
        let reserve = colorbar?.width(length: availableHeight, m) ?? 0
        let availableWidth = spec.pointWidth - 2 * pad - rowBand - reserve - Double(cols - 1) * gap
        let slotWidth = max(4, min(availableWidth / Double(cols), availableHeight / Double(rows) / aspect))
        let slotHeight = slotWidth * aspect
        let gridWidth = Double(cols) * slotWidth + Double(cols - 1) * gap
        let gridHeight = Double(rows) * slotHeight + Double(rows - 1) * gap
        // Centre the block of titles, grid and colorbar on the canvas both ways.
        let left = pad + max(0, (availableWidth - Double(cols) * slotWidth) / 2) + rowBand
        let shift = max(0, (availableHeight - Double(rows) * slotHeight) / 2)
        let top = headerHeight + shift
        let rects: [[Rect]] = (0..<rows).map { r in
            (0..<cols).map { c in
                let slot = Rect(x: left + Double(c) * (slotWidth + gap), y: top + Double(r) * (slotHeight + gap),
                                width: slotWidth, height: slotHeight)
                guard let size = cells[r][c].size else { return slot }
                let a = Double(size.height) / Double(size.width)
                let w = min(slot.width, slot.height / a), h = w * a
                return Rect(x: slot.midX - w / 2, y: slot.midY - h / 2, width: w, height: h)
            }
        }
        let strip = colorbar.map { _ in
            Rect(x: left + gridWidth + Colorbar.gap, y: top, width: Colorbar.barWidth, height: gridHeight)
        }
        // Column titles shrink (down to 7 pt) rather than run into their neighbours.
        var columnFont = Font.cellTitle
        let widest = columnTitles.map { m.width($0, columnFont) }.max() ?? 0
        if widest > slotWidth + gap / 2 { columnFont.size = max(7, columnFont.size * (slotWidth + gap / 2) / widest) }
        return Arranged(cells: rects, strip: strip, range: range, titleTop: pad + shift,
                        columnTitleBaseline: top - gap - m.descent(columnFont), columnFont: columnFont, rowFont: rowFont)
    }

    private func draw(_ canvas: Canvas, _ a: Arranged) {
        let heatRange = a.range ?? 0...1
        for (r, row) in cells.enumerated() {
            for (c, cell) in row.enumerated() where cell.size != nil {
                let raster = cell.raster(grayRange: grayRange, colors: colors, range: heatRange, blend: overlayBlend)
                canvas.image(raster, in: a.cells[r][c])
            }
        }
        let gridLeft = a.cells[0][0].minX
        let gridRight = a.cells[0].map(\.maxX).max()!
        for (c, text) in columnTitles.enumerated() {
            let slotMid = a.cells.map { $0[c].midX }.first!
            canvas.text(text, at: Point(x: slotMid, y: a.columnTitleBaseline), a.columnFont, h: .center)
        }
        for (r, text) in rowTitles.enumerated() {
            let mid = a.cells[r].map(\.midY).first!
            canvas.text(text, at: Point(x: gridLeft - 2 * ImageGrid.spacing, y: mid), a.rowFont, h: .right, v: .capCenter)
        }
        if !title.isEmpty {
            let w = canvas.metrics.width(title, .title)
            let mid = (gridLeft + gridRight) / 2
            let cx = min(max(mid, w / 2 + PlotFrame.pad), canvas.width - w / 2 - PlotFrame.pad)
            canvas.text(title, at: Point(x: cx, y: a.titleTop), .title, h: .center, v: .top)
        }
        if let strip = a.strip, let range = a.range, let label = colorbarLabel {
            Colorbar(scale: colors, range: range, label: label).draw(canvas, strip: strip)
        }
    }
}
