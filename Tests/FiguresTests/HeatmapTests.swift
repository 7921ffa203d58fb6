import XCTest
@testable import Figures

final class HeatmapTests: XCTestCase {
    /// 4 × 5 cells, value = row × 5 + column: minimum top left, maximum bottom right.
    let grid = Grid2D(rows: 4, cols: 5) { r, c in Double(r * 5 + c) }

    func testSequentialEndsAreViridisEnds() throws {
        let map = Heatmap(title: "seq", values: grid, colorbarLabel: "value")
        let image = try renderPNG(map)
        let layout = try map.layout()
        XCTAssertEqual(layout.range, 0...19)
        let first = layout.cell(row: 0, col: 0), last = layout.cell(row: 3, col: 4)
        XCTAssertEqual(image.rgb8(at: Point(x: first.midX, y: first.midY)), [0x44, 0x01, 0x54])
        XCTAssertEqual(image.rgb8(at: Point(x: last.midX, y: last.midY)), [0xFD, 0xE7, 0x25])
        // Cells tile the plot left to right, top to bottom.
        XCTAssertEqual(first.minX, layout.plot.minX, accuracy: 1e-9)
        XCTAssertEqual(last.maxY, layout.plot.maxY, accuracy: 1e-9)
        // The colorbar: high end at the top, low end at the bottom (256 bands over fewer than
        // 512 pixels, so the pixel nearest an end shows one of the last few table entries).
        let bar = layout.colorbar
        XCTAssertGreaterThan(bar.minX, layout.plot.maxX)
        let table = Colormap.viridis.stops.map(\.rgb8)
        XCTAssertTrue(table[252...].contains(image.rgb8(at: Point(x: bar.midX, y: bar.minY + 1))))
        XCTAssertTrue(table[..<4].contains(image.rgb8(at: Point(x: bar.midX, y: bar.maxY - 1))))
    }

    func testDivergingIsCentredAtZero() throws {
        let signed = Grid2D(rows: 1, cols: 3, values: [-2, 0, 1])
        let map = Heatmap(title: "div", values: signed, colors: .diverging)
        let image = try renderPNG(map)
        let layout = try map.layout()
        XCTAssertEqual(layout.range, -2...2)
        func centre(_ c: Int) -> [UInt8] {
            let cell = layout.cell(row: 0, col: c)
            return image.rgb8(at: Point(x: cell.midX, y: cell.midY))
        }
        XCTAssertEqual(centre(0), [0x05, 0x30, 0x61])
        XCTAssertEqual(centre(1), [255, 255, 255])
        XCTAssertEqual(centre(2), Colormap.diverging.color(at: 0.75).rgb8)
    }

    func testLabelsAndSeparatorsRender() throws {
        let map = Heatmap(title: "labelled", xLabel: "step", yLabel: "layer", values: grid,
                          rowLabels: ["conv1", "conv2", "fc1", "fc2"], columnLabels: ["a", "b", "c", "d", "e"],
                          rowSeparators: [1], columnSeparators: [2])
        let image = try renderPNG(map)
        let layout = try map.layout()
        // A white separator runs along the boundary between rows 1 and 2.
        let below = layout.cell(row: 2, col: 0)
        XCTAssertEqual(image.rgb8(at: Point(x: below.midX, y: below.minY)), [255, 255, 255])
    }

    func testErrors() {
        assertFigureError("bad", "the matrix has a non-finite value (nan) at row 0, column 1") {
            _ = try Heatmap(title: "bad", values: Grid2D(rows: 1, cols: 2, values: [0, .nan])).render()
        }
        assertFigureError("bad", "the matrix has 3 values for 2 × 2 cells") {
            _ = try Heatmap(title: "bad", values: Grid2D(rows: 2, cols: 2, values: [0, 1, 2])).render()
        }
        assertFigureError("bad", "3 row labels for 2 rows") {
            _ = try Heatmap(title: "bad", values: Grid2D(rows: 2, cols: 1, values: [0, 1]), rowLabels: ["a", "b", "c"]).render()
        }
        assertFigureError("bad", "column separator after column 4 is not between two of the 5 columns") {
            _ = try Heatmap(title: "bad", values: grid, columnSeparators: [4]).render()
        }
        assertFigureError("untitled heatmap", "the matrix is empty") {
            _ = try Heatmap(values: Grid2D(rows: 0, cols: 3, values: [Double]())).render()
        }
    }
}
