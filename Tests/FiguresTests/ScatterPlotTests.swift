import XCTest
@testable import Figures

final class ScatterPlotTests: XCTestCase {
    func testPointColoursByCategory() throws {
        let plot = ScatterPlot(title: "atlas", x: [0, 10, 0, 10, 5], y: [0, 0, 10, 10, 5], categories: [0, 1, 2, 3, 4],
                               categoryNames: ["a", "b", "c", "d", "e"])
        let image = try renderPNG(plot)
        let layout = try plot.layout()
        for i in 0..<5 {
            XCTAssertEqual(image.rgb8(at: layout.pixel(x: plot.x[i], y: plot.y[i])), Color.categorical(i).rgb8, "point \(i)")
        }
        // Points in all four corners: the legend goes beside the plot.
        let legend = try XCTUnwrap(layout.legend)
        XCTAssertGreaterThan(legend.minX, layout.plot.maxX)
    }

    func testLegendListsOnlyUsedCategoriesAndStaysOffThePoints() throws {
        let plot = ScatterPlot(x: [0, 1, 2, 3], y: [0, 1, 0.5, 0.2], categories: [1, 1, 1, 1], categoryNames: ["a", "b", "c"])
        let layout = try plot.layout()
        let legend = try XCTUnwrap(layout.legend)
        for i in 0..<4 { XCTAssertFalse(legend.contains(layout.pixel(x: plot.x[i], y: plot.y[i]))) }
        XCTAssertLessThan(legend.maxX, layout.plot.maxX, "room inside: the legend stays in")
    }

    func testErrors() {
        assertFigureError("atlas", "differ in length") {
            _ = try ScatterPlot(title: "atlas", x: [0, 1], y: [0], categories: [0, 0], categoryNames: ["a"]).render()
        }
        assertFigureError("atlas", "point 1 has category 3 but there are 1 category names") {
            _ = try ScatterPlot(title: "atlas", x: [0, 1], y: [0, 1], categories: [0, 3], categoryNames: ["a"]).render()
        }
        assertFigureError("atlas", "point 0 is at (nan, 0.0)") {
            _ = try ScatterPlot(title: "atlas", x: [.nan], y: [0], categories: [0], categoryNames: ["a"]).render()
        }
        assertFigureError("atlas", "there are no points") {
            _ = try ScatterPlot(title: "atlas", x: [], y: [], categories: [], categoryNames: []).render()
        }
    }
}
