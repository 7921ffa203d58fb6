import XCTest
@testable import Figures

final class NiceTicksTests: XCTestCase {
    func testLinearHandCases() {
        XCTAssertEqual(NiceTicks.linear(0, 0.87), [0, 0.2, 0.4, 0.6, 0.8])
        XCTAssertEqual(NiceTicks.linear(0, 100), [0, 20, 40, 60, 80, 100])
        XCTAssertEqual(NiceTicks.linear(-1, 1, target: 4), [-1, -0.5, 0, 0.5, 1])
        XCTAssertEqual(NiceTicks.linear(0.13, 0.31, target: 4), [0.15, 0.2, 0.25, 0.3])
        XCTAssertEqual(NiceTicks.linear(1, 30), [10, 20, 30])
        XCTAssertEqual(NiceTicks.linear(1, 30, target: 6), [5, 10, 15, 20, 25, 30])
    }

    func testLinearValuesAreClean() {
        // 3 × 0.1 must come out as 0.3, not 0.30000000000000004.
        XCTAssertEqual(NiceTicks.linear(0, 0.5, target: 5), [0, 0.1, 0.2, 0.3, 0.4, 0.5])
    }

    func testLogDecades() {
        XCTAssertEqual(NiceTicks.logDecades(1e-3, 10), [0.001, 0.01, 0.1, 1, 10])
        XCTAssertEqual(NiceTicks.logDecades(0.004, 2.5), [0.01, 0.1, 1])
        XCTAssertEqual(NiceTicks.logDecades(1e-6, 1e6, maxCount: 7), [1e-6, 1e-4, 1e-2, 1, 1e2, 1e4, 1e6])
    }

    func testLogWithinOneDecadeFallsBackToOneTwoFive() {
        XCTAssertEqual(NiceTicks.log(0.15, 0.9, maxCount: 6), [0.2, 0.5])
    }

    func testLabels() {
        XCTAssertEqual(TickLabels.linear([0, 0.2, 0.4]).labels, ["0.0", "0.2", "0.4"])
        XCTAssertEqual(TickLabels.linear([-1, -0.5, 0]).labels, ["\u{2212}1.0", "\u{2212}0.5", "0.0"])
        XCTAssertEqual(TickLabels.linear([0.15, 0.2, 0.25]).labels, ["0.15", "0.20", "0.25"])
        XCTAssertEqual(TickLabels.linear([0, 500, 1000]).labels, ["0", "500", "1000"])
        XCTAssertNil(TickLabels.linear([0, 500, 1000]).multiplier)
        XCTAssertEqual(TickLabels.log([0.001, 1, 10]), ["10⁻³", "10⁰", "10¹"])
    }

    func testLargeAndSmallValuesShareAPowerOfTen() {
        let large = TickLabels.linear([0, 500_000, 1_000_000, 1_500_000, 2_000_000])
        XCTAssertEqual(large.labels, ["0.0", "0.5", "1.0", "1.5", "2.0"])
        XCTAssertEqual(large.multiplier, "×10⁶")
        let small = TickLabels.linear([0, 0.0002, 0.0004])
        XCTAssertEqual(small.labels, ["0", "2", "4"])
        XCTAssertEqual(small.multiplier, "×10⁻⁴")
    }
}
