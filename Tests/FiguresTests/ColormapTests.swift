import XCTest
@testable import Figures

final class ColormapTests: XCTestCase {
    func testViridisIsTheRealTable() {
        XCTAssertEqual(Colormap.viridis.stops.count, 256)
        XCTAssertEqual(Colormap.viridis.color(at: 0).rgb8, [0x44, 0x01, 0x54])
        XCTAssertEqual(Colormap.viridis.color(at: 1).rgb8, [0xFD, 0xE7, 0x25])
        XCTAssertEqual(Colormap.viridis.color(at: 0.5).rgb8, [0x21, 0x91, 0x8C])
    }

    func testDivergingIsWhiteAtZeroAndBlueToRed() {
        let map = Colormap.diverging
        XCTAssertEqual(map.color(for: 0, in: -3...3).rgb8, [255, 255, 255])
        XCTAssertEqual(map.color(for: -3, in: -3...3).rgb8, [0x05, 0x30, 0x61])
        XCTAssertEqual(map.color(for: 3, in: -3...3).rgb8, [0x67, 0x00, 0x1F])
        XCTAssertEqual(ColorScale.diverging.resolved([-0.5, 2]), -2...2)
        XCTAssertEqual(ColorScale.sequential.resolved([-0.5, 2]), -0.5...2)
    }

    func testCategoricalPaletteIsTab10() {
        XCTAssertEqual(Color.categorical(0).rgb8, [0x1F, 0x77, 0xB4])
        XCTAssertEqual(Color.categorical(3).rgb8, [0xD6, 0x27, 0x28])
        XCTAssertEqual(Color.categorical(10), Color.categorical(0))
    }
}
