import XCTest
@testable import Figures

final class ImageGridTests: XCTestCase {
    /// Constant gray cells whose level encodes (row, column), so a pixel tells which cell it is.
    func makeGrid() -> ImageGrid {
        let cells = (0..<2).map { r in
            (0..<3).map { c in CellImage.gray(Grid2D(rows: 8, cols: 8) { _, _ in Double(r * 3 + c) / 10 }) }
        }
        return ImageGrid(title: "samples × epochs", rowTitles: ["sample 1", "sample 2"],
                         columnTitles: ["epoch 1", "epoch 2", "epoch 3"], cells: cells)
    }

    func testCellPositions() throws {
        let grid = makeGrid()
        let image = try renderPNG(grid)
        let layout = try grid.layout()
        for r in 0..<2 {
            for c in 0..<3 {
                let cell = layout.cell(row: r, col: c)
                XCTAssertEqual(cell.width, cell.height, accuracy: 1e-9, "square images stay square")
                let level = UInt8((Double(r * 3 + c) / 10 * 255).rounded())
                XCTAssertEqual(image.rgb8(at: Point(x: cell.midX, y: cell.midY)), [level, level, level], "cell \(r), \(c)")
                if c > 0 { XCTAssertGreaterThan(cell.minX, layout.cell(row: r, col: c - 1).maxX) }
                if r > 0 { XCTAssertGreaterThan(cell.minY, layout.cell(row: r - 1, col: c).maxY) }
            }
        }
    }

    func testOverlayAndHeatmapCells() throws {
        let base = Grid2D(rows: 4, cols: 4) { _, _ in 0.5 }
        let heat = Grid2D(rows: 4, cols: 4) { r, _ in r == 0 ? 1 : 0 }
        let grid = ImageGrid(cells: [[.overlay(base: .gray(base), heat: heat, alpha: 0.5), .heatmap(heat)]],
                             colorbarLabel: "attribution", overlayBlend: .constant)
        let image = try renderPNG(grid)
        let layout = try grid.layout()
        let overlay = layout.cell(row: 0, col: 0), plain = layout.cell(row: 0, col: 1)
        let gray = Color(red: 128.0 / 255, green: 128.0 / 255, blue: 128.0 / 255)
        let hot = Point(x: overlay.minX + overlay.width / 8, y: overlay.minY + overlay.height / 8)
        XCTAssertEqual(image.rgb8(at: hot), Color(hex: 0xFDE725).over(gray, alpha: 0.5).rgb8)
        XCTAssertEqual(image.rgb8(at: Point(x: plain.midX, y: plain.maxY - 2)), [0x44, 0x01, 0x54])
        XCTAssertNotNil(layout.colorbar)
    }

    func testOverlayByMagnitudeLeavesZeroTransparent() throws {
        let base = Grid2D(rows: 2, cols: 2) { _, _ in 0.25 }
        let heat = Grid2D(rows: 2, cols: 2, values: [0, 0, 0, 1])
        let grid = ImageGrid(cells: [[.overlay(base: .gray(base), heat: heat, alpha: 0.8)]], colors: .diverging)
        let image = try renderPNG(grid)
        let cell = try grid.layout().cell(row: 0, col: 0)
        XCTAssertEqual(image.rgb8(at: Point(x: cell.minX + cell.width / 4, y: cell.minY + cell.height / 4)), [64, 64, 64])
    }

    func testErrors() {
        let g = CellImage.gray(Grid2D(rows: 2, cols: 2, values: [0, 0, 0, 0]))
        assertFigureError("grid", "row 1 has 1 cells but row 0 has 2") {
            _ = try ImageGrid(title: "grid", cells: [[g, g], [g]]).render()
        }
        assertFigureError("grid", "cell (0, 0)'s heatmap is 3 × 3 but its image is 2 × 2") {
            _ = try ImageGrid(title: "grid", cells: [[.overlay(base: g, heat: Grid2D(rows: 3, cols: 3) { _, _ in 0 }, alpha: 0.5)]]).render()
        }
        assertFigureError("grid", "cell (0, 0) has a non-finite value") {
            _ = try ImageGrid(title: "grid", cells: [[.gray(Grid2D(rows: 1, cols: 1, values: [Double.infinity]))]]).render()
        }
        assertFigureError("grid", "3 column titles for 2 columns") {
            _ = try ImageGrid(title: "grid", columnTitles: ["a", "b", "c"], cells: [[g, g]]).render()
        }
    }
}
