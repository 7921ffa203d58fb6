import XCTest
@testable import Figures

final class RawMapTests: XCTestCase {
    func testEightBitRoundTripIsExact() throws {
        let samples = (0..<(7 * 5)).map { UInt16(($0 * 37) % 256) }
        let image = PNGImage(width: 7, height: 5, channels: 1, bitDepth: 8, samples: samples)
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("map.png")
        try image.write(to: url)
        XCTAssertEqual(try PNGImage.read(from: url), image)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["map.png"], "no temporary left")
    }

    func testSixteenBitRoundTripIsExact() throws {
        let samples = (0..<(9 * 4)).map { UInt16(truncatingIfNeeded: $0 * 1877 + 255) } + [0, 65535, 256, 1]
        let image = PNGImage(width: 10, height: 4, channels: 1, bitDepth: 16, samples: samples)
        XCTAssertEqual(try PNGImage.decode(try image.encoded()), image)
    }

    func testColourLayoutsRoundTrip() throws {
        for (channels, depth) in [(2, 8), (3, 8), (4, 8), (3, 16), (4, 16)] {
            let top = depth == 8 ? 255 : 65535
            let samples = (0..<(3 * 2 * channels)).map { UInt16(($0 * 9973) % (top + 1)) }
            let image = PNGImage(width: 3, height: 2, channels: channels, bitDepth: depth, samples: samples)
            XCTAssertEqual(try PNGImage.decode(try image.encoded()), image, "\(channels) channels, \(depth) bits")
        }
    }

    func testGridToGrayAndBack() throws {
        let grid = Grid2D(rows: 16, cols: 16) { r, c in Double(r * 16 + c) / 255 }
        let eight = try RawMap.gray(grid, bitDepth: 8, range: 0...1)
        XCTAssertEqual([eight.width, eight.height], [16, 16])
        XCTAssertEqual(eight.samples, (0..<256).map(UInt16.init), "one pixel per element, in order")
        XCTAssertEqual(RawMap.values(of: try PNGImage.decode(try eight.encoded())), grid)
        let sixteen = try RawMap.gray(grid, bitDepth: 16, range: 0...1)
        XCTAssertEqual(sixteen.samples, (0..<256).map { UInt16($0 * 257) })
        XCTAssertEqual(try PNGImage.decode(try sixteen.encoded()), sixteen)
    }

    func testReadRGBAsAnImageToExplain() throws {
        let rgba = PNGImage(width: 2, height: 1, channels: 4, bitDepth: 8, samples: [255, 0, 51, 255, 0, 102, 255, 128])
        let image = try PNGImage.decode(try rgba.encoded()).rgbImage()
        XCTAssertEqual([image.rows, image.cols], [1, 2])
        XCTAssertEqual(image.values, [1, 0, 0.2, 0, 0.4, 1])
        let gray16 = PNGImage(width: 1, height: 1, channels: 1, bitDepth: 16, samples: [65535])
        XCTAssertEqual(gray16.rgbImage().values, [1, 1, 1])
    }

    func testColormappedMap() throws {
        let grid = Grid2D(rows: 1, cols: 3, values: [-1, 0, 1])
        let viridis = try PNGImage.decode(try RawMap.colormapped(grid).encoded())
        XCTAssertEqual(viridis.rgb8(x: 0, y: 0), [0x44, 0x01, 0x54])
        XCTAssertEqual(viridis.rgb8(x: 2, y: 0), [0xFD, 0xE7, 0x25])
        let diverging = try RawMap.colormapped(grid, colormap: .diverging)
        XCTAssertEqual(diverging.rgb8(x: 1, y: 0), [255, 255, 255])
    }

    func testErrors() {
        assertFigureError("map.png", "the map has a non-finite value (nan) at row 0, column 1") {
            _ = try RawMap.gray(Grid2D(rows: 1, cols: 2, values: [0, .nan]), name: "map.png")
        }
        assertFigureError("raw map", "bit depth must be 8 or 16") {
            _ = try RawMap.gray(Grid2D(rows: 1, cols: 1, values: [0]), bitDepth: 12)
        }
        assertFigureError("PNG image", "not a PNG file") { _ = try PNGImage.decode(Data("hello".utf8)) }
        assertFigureError("PNG image", "libpng") {
            var bytes = [UInt8](try! PNGImage(width: 4, height: 4, channels: 1, bitDepth: 8,
                                              samples: Array(repeating: 7, count: 16)).encoded())
            bytes.removeLast(30)
            _ = try PNGImage.decode(Data(bytes))
        }
        assertFigureError("PNG image", "sample 300 does not fit in 8 bits") {
            _ = try PNGImage(width: 1, height: 1, channels: 1, bitDepth: 8, samples: [300]).encoded()
        }
    }
}
