import XCTest
@testable import Figures

final class OutputTests: XCTestCase {
    let chart = LineChart(title: "formats", series: [LineSeries("a", y: [0, 1, 0.5])])

    func testSVGAndPDFStartWithTheirMagic() throws {
        let svg = try chart.render(FigureSpec(), format: .svg)
        XCTAssertTrue(String(decoding: svg.prefix(100), as: UTF8.self).hasPrefix("<?xml"))
        XCTAssertTrue(String(decoding: svg.prefix(400), as: UTF8.self).contains("<svg"))
        let pdf = try chart.render(FigureSpec(), format: .pdf)
        XCTAssertEqual(String(decoding: pdf.prefix(5), as: UTF8.self), "%PDF-")
        let png = try chart.render(FigureSpec(), format: .png)
        XCTAssertEqual([UInt8](png.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    }

    func testSameInputGivesSameBytes() throws {
        XCTAssertEqual(try chart.render(), try chart.render())
        XCTAssertEqual(try chart.render(FigureSpec(), format: .pdf), try chart.render(FigureSpec(), format: .pdf))
        // cairo numbers SVG images and clips process-wide; the renumbering makes repeats equal.
        let grid = ImageGrid(cells: [[.gray(Grid2D(rows: 2, cols: 2, values: [0, 1, 1, 0]))]])
        XCTAssertEqual(try grid.render(FigureSpec(), format: .svg), try grid.render(FigureSpec(), format: .svg))
    }

    func testPNGRecordsDPIAndNoTimestamp() throws {
        let png = [UInt8](try chart.render(FigureSpec(width: 2, height: 1.5, dpi: 150)))
        let chunks = chunkTypes(png)
        XCTAssertFalse(chunks.keys.contains("tIME"))
        let phys = try XCTUnwrap(chunks["pHYs"])
        let perMeter = phys.prefix(4).reduce(0) { $0 << 8 | Int($1) }
        XCTAssertEqual(perMeter, 5906, "150 dpi = 5906 pixels per metre")
        XCTAssertEqual(phys[8], 1, "unit: metre")
        let image = try PNGImage.decode(Data(png))
        XCTAssertEqual([image.width, image.height], [300, 225])
    }

    func testWriteChoosesFormatByExtension() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for ext in ["png", "svg", "pdf"] { try chart.write(to: folder.appendingPathComponent("chart.\(ext)")) }
        let pdf = try Data(contentsOf: folder.appendingPathComponent("chart.pdf"))
        XCTAssertEqual(String(decoding: pdf.prefix(5), as: UTF8.self), "%PDF-")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted(),
                       ["chart.pdf", "chart.png", "chart.svg"])
        assertFigureError("formats", "unknown figure format '.jpg'") {
            try chart.write(to: folder.appendingPathComponent("chart.jpg"))
        }
        assertFigureError("formats", "is not drawable") { _ = try chart.render(FigureSpec(width: 0)) }
    }

    func testGalleryWritesEveryKind() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let written = try Gallery.write(to: folder)
        XCTAssertEqual(written.count, 13)
        for url in written where url.pathExtension == "png" {
            let image = try PNGImage.read(from: url)
            XCTAssertGreaterThan(image.width, 10, url.lastPathComponent)
        }
        let raw = try PNGImage.read(from: folder.appendingPathComponent("raw-map-gray16.png"))
        XCTAssertEqual([raw.width, raw.height, raw.channels, raw.bitDepth], [64, 64, 1, 16])
    }

    /// Chunk type → data of a PNG's chunks.
    private func chunkTypes(_ png: [UInt8]) -> [String: [UInt8]] {
        var out: [String: [UInt8]] = [:]
        var i = 8
        while i + 8 <= png.count {
            let length = png[i..<i + 4].reduce(0) { $0 << 8 | Int($1) }
            let type = String(decoding: png[i + 4..<i + 8], as: UTF8.self)
            out[type] = Array(png[i + 8..<i + 8 + length])
            i += 12 + length
        }
        return out
    }
}
