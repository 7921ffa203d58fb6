import XCTest
@testable import Figures

final class LineChartTests: XCTestCase {
    /// Series A has a flat stretch at y = 1 between x = 1 and 2; series B has markers.
    func makeChart(legend: LegendPlacement = .best) -> LineChart {
        LineChart(title: "Loss", xLabel: "epoch", yLabel: "loss", series: [
            LineSeries("A", x: [0, 1, 2, 3], y: [0, 1, 1, 0]),
            LineSeries("B", x: [0, 1, 2, 3], y: [0.2, 0.3, 0.4, 0.5], marker: .circle),
        ], markers: [VerticalMarker(x: 2.5, label: "reference")], legend: legend)
    }

    func testSeriesColoursLandOnTheirDataPixels() throws {
        let chart = makeChart()
        let image = try renderPNG(chart)
        let layout = try chart.layout()
        XCTAssertEqual(image.rgb8(at: layout.pixel(x: 1.5, y: 1)), Color.categorical(0).rgb8)
        XCTAssertEqual(image.rgb8(at: layout.pixel(x: 2, y: 0.4)), Color.categorical(1).rgb8)
        XCTAssertEqual(image.rgb8(at: layout.pixel(x: 3, y: 0.5)), Color.categorical(1).rgb8)
        // The data limits sit inside the plot area.
        let plot = layout.plot
        for p in [layout.pixel(x: 0, y: 0), layout.pixel(x: 3, y: 1)] {
            XCTAssertTrue(plot.contains(p), "\(p) outside \(plot)")
        }
    }

    func testLegendCoversNoData() throws {
        let chart = makeChart()
        let layout = try chart.layout()
        let legend = try XCTUnwrap(layout.legend)
        for s in chart.series {
            for (x, y) in zip(s.x, s.y) { XCTAssertFalse(legend.contains(layout.pixel(x: x, y: y))) }
        }
        // Every inside corner of a chart crossing the whole plot is taken: the legend moves out.
        let crowded = LineChart(series: [LineSeries("up", y: [0, 1]), LineSeries("down", y: [1, 0]),
                                         LineSeries("low", y: [0, 0]), LineSeries("high", y: [1, 1])])
        let outside = try XCTUnwrap(try crowded.layout().legend)
        XCTAssertGreaterThan(outside.minX, try crowded.layout().plot.maxX)
    }

    func testBandAndLogAxis() throws {
        let chart = LineChart(title: "log", series: [
            LineSeries("loss", x: [0, 1, 2, 3], y: [1, 0.1, 0.01, 0.001], band: ([0.5, 0.05, 0.005, 0.0005], [2, 0.2, 0.02, 0.002])),
        ], yScale: .log)
        let image = try renderPNG(chart)
        let layout = try chart.layout()
        XCTAssertEqual(layout.yTicks, [0.001, 0.01, 0.1, 1])
        XCTAssertEqual(layout.yTickLabels, ["10⁻³", "10⁻²", "10⁻¹", "10⁰"])
        // Decades are evenly spaced on a log axis.
        let d1 = layout.pixel(x: 0, y: 1).y - layout.pixel(x: 0, y: 0.1).y
        let d2 = layout.pixel(x: 0, y: 0.1).y - layout.pixel(x: 0, y: 0.01).y
        XCTAssertEqual(d1, d2, accuracy: 1e-9)
        XCTAssertEqual(image.rgb8(at: layout.pixel(x: 1.5, y: 0.1.squareRoot() * 0.1)), Color.categorical(0).rgb8)
        // Inside the band but off the line: the series colour at 18 % over white.
        let band = image.rgb8(at: layout.pixel(x: 1, y: 0.17))
        let expected = Color.categorical(0).over(.white, alpha: 0.18).rgb8
        for (got, want) in zip(band, expected) { XCTAssertEqual(Int(got), Int(want), accuracy: 2, "band pixel \(band)") }
    }

    func testSinglePointSeriesGetsAMarker() throws {
        let chart = LineChart(series: [LineSeries("dot", x: [2], y: [5]), LineSeries("line", y: [0, 10])])
        let image = try renderPNG(chart)
        XCTAssertEqual(image.rgb8(at: try chart.layout().pixel(x: 2, y: 5)), Color.categorical(0).rgb8)
    }

    func testTickLabelsDoNotCollideOnANarrowFigure() throws {
        let chart = LineChart(series: [LineSeries("a", x: [0, 123456], y: [0, 1])])
        let spec = FigureSpec(width: 2.2, height: 2, dpi: 100)
        _ = try renderPNG(chart, spec)
        let layout = try chart.layout(spec)
        XCTAssertGreaterThanOrEqual(layout.xTicks.count, 2)
        XCTAssertTrue(layout.frame.x.labelsFit(length: layout.frame.plot.width, horizontal: true, metrics: TextMetrics()))
        XCTAssertTrue(layout.frame.y.labelsFit(length: layout.frame.plot.height, horizontal: false, metrics: TextMetrics()))
    }

    func testErrorsNameTheFigureAndTheReason() {
        assertFigureError("Loss", "there are no series") { _ = try LineChart(title: "Loss", series: []).render() }
        assertFigureError("Loss", "series 'a' is empty") {
            _ = try LineChart(title: "Loss", series: [LineSeries("a", y: [])]).render()
        }
        assertFigureError("Loss", "series 'a' has y = nan at index 1") {
            _ = try LineChart(title: "Loss", series: [LineSeries("a", y: [1, .nan])]).render()
        }
        assertFigureError("Loss", "series 'a' has 3 x values but 2 y values") {
            _ = try LineChart(title: "Loss", series: [LineSeries("a", x: [0, 1, 2], y: [1, 2])]).render()
        }
        assertFigureError("Loss", "which a log axis cannot show") {
            _ = try LineChart(title: "Loss", series: [LineSeries("a", y: [1, 0])], yScale: .log).render()
        }
        assertFigureError("untitled line chart", "there are no series") { _ = try LineChart(series: []).layout() }
    }

    func testUntitledErrorsNameTheFile() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        assertFigureError("loss.png", "series 'a' is empty") {
            try LineChart(series: [LineSeries("a", y: [])]).write(to: folder.appendingPathComponent("loss.png"))
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), [])
    }
}
