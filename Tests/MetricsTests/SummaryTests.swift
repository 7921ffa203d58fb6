import XCTest
@testable import Metrics

final class SummaryTests: XCTestCase {
    func testHandComputed() throws {
        // mean 2.5; deviations ±1.5, ±0.5 → Σ = 5; sample std √(5/3) = 1.2909944487358056
        // (numpy std(ddof=1)).
        let s = try Summary([3, 1, 4, 2])
        XCTAssertEqual(s.count, 4)
        XCTAssertEqual(s.mean, 2.5)
        XCTAssertEqual(s.std, (5.0 / 3).squareRoot(), accuracy: 1e-15)
        XCTAssertEqual(s.min, 1)
        XCTAssertEqual(s.max, 4)
    }

    func testFiveSeeds() throws {
        // numpy mean / std(ddof=1) of [0.737, 0.731, 0.742, 0.735, 0.740]:
        // 0.7369999999999999 / 0.004301162633521317.
        let s = try Summary([0.737, 0.731, 0.742, 0.735, 0.740])
        XCTAssertEqual(s.mean, 0.737, accuracy: 1e-15)
        XCTAssertEqual(s.std, 0.004301162633521317, accuracy: 1e-15)
    }

    func testSingleValueHasZeroSpread() throws {
        let s = try Summary([0.9])
        XCTAssertEqual(s, try Summary([0.9]))
        XCTAssertEqual(s.count, 1)
        XCTAssertEqual(s.std, 0)
        XCTAssertEqual(s.min, 0.9)
        XCTAssertEqual(s.max, 0.9)
    }

    func testInvalidInput() {
        XCTAssertThrowsError(try Summary([])) { error in
            XCTAssertEqual((error as? MetricError)?.kind, .emptyInput)
        }
        XCTAssertThrowsError(try Summary([1, .nan])) { error in
            XCTAssertEqual((error as? MetricError)?.kind, .notFinite)
            XCTAssertEqual("\(error)", "Summary: NaN in values at index 1")
        }
    }
}
