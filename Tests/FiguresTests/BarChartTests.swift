import XCTest
@testable import Figures

final class BarChartTests: XCTestCase {
    let chart = BarChart(title: "Scores", groups: ["a", "b", "c"], series: [
        BarSeries("one", values: [1, 2, 3]),
        BarSeries("two", values: [2, 1, 0.5], lower: [1.5, 0.8, 0.4], upper: [2.5, 1.2, 0.6]),
    ])

    func testBarHeightsAndColours() throws {
        let image = try renderPNG(chart)
        let layout = try chart.layout()
        let zero = layout.chart.pixel(x: 0, y: 0).y
        for (s, series) in chart.series.enumerated() {
            for g in 0..<3 {
                let bar = layout.bar(series: s, group: g)
                // Each bar runs from the zero line to its value.
                XCTAssertEqual(bar.maxY, zero, accuracy: 1e-9)
                XCTAssertEqual(bar.minY, layout.chart.pixel(x: 0, y: series.values[g]).y, accuracy: 1e-9)
                // Just inside the top corner: the series colour; just above: not.
                let inside = Point(x: bar.minX + 3, y: bar.minY + 3)
                let above = Point(x: bar.minX + 3, y: bar.minY - 3)
                XCTAssertEqual(image.rgb8(at: inside), Color.categorical(s).rgb8, "series \(s) group \(g)")
                XCTAssertNotEqual(image.rgb8(at: above), Color.categorical(s).rgb8, "series \(s) group \(g)")
            }
        }
        // Heights are proportional to values on a zero-based axis.
        XCTAssertEqual(layout.bar(series: 0, group: 2).height, 3 * layout.bar(series: 0, group: 0).height, accuracy: 1e-6)
    }

    func testErrorBarsAndNumbersFitInsideThePlot() throws {
        let layout = try chart.layout()
        // The tallest bar's number needs headroom: the axis goes beyond the tallest value.
        XCTAssertGreaterThan(layout.chart.plot.minY, 0)
        XCTAssertLessThan(layout.chart.pixel(x: 0, y: 3).y - layout.chart.plot.minY, layout.chart.plot.height)
        XCTAssertGreaterThan(layout.chart.pixel(x: 0, y: 3).y - layout.chart.plot.minY, 10)
        if let legend = layout.chart.legend {
            for s in 0..<2 {
                for g in 0..<3 { XCTAssertFalse(legend.intersects(layout.bar(series: s, group: g))) }
            }
        }
    }

    func testAllZeroBarsStillHaveAnAxis() throws {
        // Every failure count 0: the value axis keeps a non-empty range instead of collapsing.
        let zeros = BarChart(title: "Failed units", groups: ["conv1", "conv2"],
                             series: [BarSeries("a", values: [0, 0], lower: [0, 0], upper: [0, 0]), BarSeries("b", values: [0, 0])])
        let image = try renderPNG(zeros)
        XCTAssertGreaterThan(image.width, 0)
        let layout = try zeros.layout()
        XCTAssertLessThan(layout.chart.pixel(x: 0, y: 1).y, layout.chart.pixel(x: 0, y: 0).y)
    }

    func testErrors() {
        assertFigureError("Scores", "series 'x' has 2 values for 3 groups") {
            _ = try BarChart(title: "Scores", groups: ["a", "b", "c"], series: [BarSeries("x", values: [1, 2])]).render()
        }
        assertFigureError("Scores", "series 'x' has value nan in group 1") {
            _ = try BarChart(title: "Scores", groups: ["a", "b"], series: [BarSeries("x", values: [1, .nan])]).render()
        }
        assertFigureError("Scores", "not around its value") {
            _ = try BarChart(title: "Scores", groups: ["a"], series: [BarSeries("x", values: [1], lower: [2], upper: [3])]).render()
        }
        assertFigureError("untitled bar chart", "there are no groups") {
            _ = try BarChart(groups: [], series: [BarSeries("x", values: [])]).render()
        }
    }
}
