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
        var title: (text: String, font: Font)
        var columnTitleBaseline: Double
        var columnTitles: (texts: [String], font: Font)
        var rowTitles: (texts: [String], font: Font)
    }

    /// Titles set in one shared font that lets the widest fit `maxWidth` (shrunk to 7 pt at
    /// most, then cut with an ellipsis).
    private static func fitted(_ titles: [String], maxWidth: Double, _ m: TextMetrics) -> (texts: [String], font: Font) {
        guard let widest = titles.max(by: { m.width($0, .cellTitle) < m.width($1, .cellTitle) }) else { return ([], .cellTitle) }
        let font = m.fit(widest, .cellTitle, maxWidth: maxWidth).font
        return (titles.map { m.fit($0, font, maxWidth: maxWidth, minSize: font.size).text }, font)
    }

    /// Slots share one size, set by the first non-empty image's aspect ratio, and are as large
    /// as the space left by the titles and colorbar allows.
    private func arrange(_ spec: FigureSpec, _ m: TextMetrics) throws -> Arranged {
        try check()
        let pad = PlotFrame.pad, gap = ImageGrid.spacing
        let rowCount = cells.count, cols = columnCount
        let first = cells.joined().compactMap(\.size).first!
        let aspect = Double(first.height) / Double(first.width)
        let range: ClosedRange<Double>? = heatValues.isEmpty ? nil : colors.resolved(heatValues)
        let colorbar = range.flatMap { r in colorbarLabel.map { Colorbar(scale: colors, range: r, label: $0) } }
        let fittedTitle = m.fit(title, .title, maxWidth: spec.pointWidth - 2 * pad, minSize: 8)
        let titleHeight = title.isEmpty ? 0 : m.lineHeight(fittedTitle.font) + 6
        let columnBand = columnTitles.isEmpty ? 0 : m.lineHeight(.cellTitle) + gap
        // Row titles may take up to 30 % of the width before they shrink.
        let rows = ImageGrid.fitted(rowTitles, maxWidth: 0.3 * spec.pointWidth, m)
        let rowBand = rowTitles.isEmpty ? 0 : (rows.texts.map { m.width($0, rows.font) }.max() ?? 0) + 2 * gap
        let headerHeight = pad + titleHeight + columnBand
        let availableHeight = spec.pointHeight - headerHeight - pad - Double(rowCount - 1) * gap
        let reserve = colorbar?.width(length: availableHeight, m) ?? 0
        let availableWidth = spec.pointWidth - 2 * pad - rowBand - reserve - Double(cols - 1) * gap
        let slotWidth = max(4, min(availableWidth / Double(cols), availableHeight / Double(rowCount) / aspect))
        let slotHeight = slotWidth * aspect
        let gridWidth = Double(cols) * slotWidth + Double(cols - 1) * gap
        let gridHeight = Double(rowCount) * slotHeight + Double(rowCount - 1) * gap
        // Centre the block of titles, grid and colorbar on the canvas both ways.
        let left = pad + max(0, (availableWidth - Double(cols) * slotWidth) / 2) + rowBand
        let shift = max(0, (availableHeight - Double(rowCount) * slotHeight) / 2)
        let top = headerHeight + shift
        let rects: [[Rect]] = (0..<rowCount).map { r in
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
        // Column titles shrink, then shorten, rather than run into their neighbours.
        let columns = ImageGrid.fitted(columnTitles, maxWidth: slotWidth + gap / 2, m)
        return Arranged(cells: rects, strip: strip, range: range, titleTop: pad + shift, title: fittedTitle,
                        columnTitleBaseline: top - gap - m.descent(columns.font), columnTitles: columns, rowTitles: rows)
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
        for (c, text) in a.columnTitles.texts.enumerated() {
            canvas.text(text, at: Point(x: a.cells[0][c].midX, y: a.columnTitleBaseline), a.columnTitles.font, h: .center)
        }
        for (r, text) in a.rowTitles.texts.enumerated() {
            canvas.text(text, at: Point(x: gridLeft - 2 * ImageGrid.spacing, y: a.cells[r][0].midY), a.rowTitles.font,
                        h: .right, v: .capCenter)
        }
        if !a.title.text.isEmpty {
            let w = canvas.metrics.width(a.title.text, a.title.font)
            let mid = (gridLeft + gridRight) / 2
            let cx = min(max(mid, w / 2 + PlotFrame.pad), canvas.width - w / 2 - PlotFrame.pad)
            canvas.text(a.title.text, at: Point(x: cx, y: a.titleTop), a.title.font, h: .center, v: .top)
        }
        if let strip = a.strip, let range = a.range, let label = colorbarLabel {
            Colorbar(scale: colors, range: range, label: label).draw(canvas, strip: strip)
        }
    }
}
