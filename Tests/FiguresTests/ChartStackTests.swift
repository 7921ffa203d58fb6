import XCTest
@testable import Figures

final class ChartStackTests: XCTestCase {
    let top = LineChart(title: "signal", series: [LineSeries("x", y: [0, 1, 0, 1], color: Color(hex: 0xD62728))])
    let bottom = LineChart(title: "activation", series: [LineSeries("a", y: [1, 2, 3], color: Color(hex: 0x1F77B4))])

    /// Rows of the image holding `rgb`.
    func rows(of rgb: [UInt8], in image: PNGImage) -> [Int] {
        (0..<image.height).filter { y in (0..<image.width).contains { image.rgb8(x: $0, y: y) == rgb } }
    }

    func testChartsStackTopToBottomInTheirShareOfTheHeight() throws {
        let spec = FigureSpec(width: 6, height: 6, dpi: 100)
        let image = try renderPNG(ChartStack([top, bottom], weights: [2, 1]), spec)
        let red = rows(of: Color(hex: 0xD62728).rgb8, in: image), blue = rows(of: Color(hex: 0x1F77B4).rgb8, in: image)
        XCTAssertFalse(red.isEmpty)
        XCTAssertFalse(blue.isEmpty)
        // The first chart lives in the top 2/3, the second in the bottom 1/3.
        XCTAssertLessThan(red.max()!, 400)
        XCTAssertGreaterThanOrEqual(blue.min()!, 400)
        // Alone, the top chart at its share of the page draws the same pixels (its margins are
        // already the wider ones here).
        let alone = try renderPNG(top, FigureSpec(width: 6, height: 4, dpi: 100))
        for y in stride(from: 0, to: 400, by: 37) {
            for x in stride(from: 0, to: 600, by: 41) { XCTAssertEqual(image.rgb8(x: x, y: y), alone.rgb8(x: x, y: y), "(\(x), \(y))") }
        }
    }

    func testPlotsLineUpWhenTheirLabelsDiffer() throws {
        // Long y tick labels and a legend beside the plot widen one panel's margins; both plots
        // take the wider ones, so equal x values fall on equal pixels.
        let wide = LineChart(title: "wide", yLabel: "activation", series: [LineSeries("a long legend entry", y: [10000, 25000, 40000])],
                             legend: .outside)
        let stack = ChartStack([top, wide])
        let spec = FigureSpec(width: 6, height: 6, dpi: 100)
        let before = try zip(stack.charts, stack.panels(spec)).map { try $0.margins($1, TextMetrics()) }
        XCTAssertNotEqual(before[0].left, before[1].left, accuracy: 1)
        let after = try zip(try stack.aligned(stack.panels(spec)), stack.panels(spec)).map { try $0.margins($1, TextMetrics()) }
        XCTAssertEqual(after[0].left, after[1].left, accuracy: 1e-9)
        XCTAssertEqual(after[0].right, after[1].right, accuracy: 1e-9)
        XCTAssertEqual(after[0].left, max(before[0].left, before[1].left), accuracy: 1e-9)
        _ = try renderPNG(stack, spec)
    }

    func testErrors() {
        assertFigureError("untitled chart stack", "no charts") { _ = try ChartStack([]).render() }
        assertFigureError("pair", "positive weights") { _ = try ChartStack(title: "pair", [top, bottom], weights: [1, 0]).render() }
    }
}
