import XCTest
@testable import Figures

/// The legibility promises, checked on every gallery figure: tick labels keep apart,
/// legends cover no data, colorbars are labelled.
final class GalleryTests: XCTestCase {
    func testTickLabelsKeepApart() throws {
        let m = TextMetrics()
        for item in Gallery.figures() {
            let frame: PlotFrame
            switch item.figure {
            case let chart as LineChart: frame = try chart.layout(item.spec).frame
            case let chart as BarChart: frame = try chart.layout(item.spec).chart.frame
            case let chart as ScatterPlot: frame = try chart.layout(item.spec).frame
            case let map as Heatmap: frame = try map.layout(item.spec).frame
            default: continue
            }
            XCTAssertTrue(frame.x.labelsFit(length: frame.plot.width, horizontal: true, metrics: m), item.file)
            XCTAssertTrue(frame.y.labelsFit(length: frame.plot.height, horizontal: false, metrics: m), item.file)
            XCTAssertGreaterThanOrEqual(frame.x.ticks.count, 2, item.file)
            XCTAssertGreaterThanOrEqual(frame.y.ticks.count, 2, item.file)
        }
    }

    func testLegendsCoverNoData() throws {
        let m = TextMetrics()
        var checked = 0
        for item in Gallery.figures() {
            switch item.figure {
            case let chart as LineChart:
                let layout = try chart.layout(item.spec)
                if let box = layout.legendBox { XCTAssertFalse(chart.covers(layout.frame, box), item.file) }
                checked += 1
            case let chart as BarChart:
                let layout = try chart.layout(item.spec).chart
                if let box = layout.legendBox { XCTAssertFalse(chart.covers(layout.frame, box, m), item.file) }
                checked += 1
            case let plot as ScatterPlot:
                let layout = try plot.layout(item.spec)
                let box = try XCTUnwrap(layout.legend)
                for i in plot.x.indices { XCTAssertFalse(box.contains(layout.pixel(x: plot.x[i], y: plot.y[i])), item.file) }
                checked += 1
            default: continue
            }
        }
        XCTAssertGreaterThanOrEqual(checked, 5)
    }

    func testColorbarsAreLabelled() {
        for item in Gallery.figures() {
            if let map = item.figure as? Heatmap { XCTAssertFalse(map.colorbarLabel.isEmpty, item.file) }
            if let grid = item.figure as? ImageGrid { XCTAssertFalse(grid.colorbarLabel?.isEmpty ?? true, item.file) }
        }
    }
}
