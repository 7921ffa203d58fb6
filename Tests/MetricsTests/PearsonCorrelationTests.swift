import XCTest
@testable import Metrics

final class PearsonCorrelationTests: XCTestCase {
    func testHandComputed() throws {
        // x̄ = 2, ȳ = 7/3; x − x̄ = (−1, 0, 1), y − ȳ = (−4/3, −1/3, 5/3)
        // Σdxdy = 4/3 + 5/3 = 3, Σdx² = 2, Σdy² = (16 + 1 + 25)/9 = 14/3
        // r = 3 / √(2 · 14/3) = 3 / √(28/3) = 0.98198050606196…
        let r = try PearsonCorrelation.of([1, 2, 3] as [Double], [1, 2, 4])
        XCTAssertEqual(r, 3 / (28.0 / 3).squareRoot(), accuracy: 1e-15)
    }

    func testPerfectAndInverse() throws {
        let x: [Double] = [0.5, -1, 3, 7, 2]
        XCTAssertEqual(try PearsonCorrelation.of(x, x.map { 2 * $0 + 1 }), 1, accuracy: 1e-15)
        XCTAssertEqual(try PearsonCorrelation.of(x, x.map { -0.5 * $0 + 4 }), -1, accuracy: 1e-15)
    }

    func testLargeOffsetDoesNotCancel() throws {
        // Shifting by 1e8 changes nothing mathematically; the two-pass sums keep it that way.
        let r = try PearsonCorrelation.of([1e8 + 1, 1e8 + 2, 1e8 + 3], [1, 2, 4])
        XCTAssertEqual(r, 3 / (28.0 / 3).squareRoot(), accuracy: 1e-12)
    }

    func testFloatInputAgainstScipy() throws {
        let x = linearCongruentialSequence(seed: 1, count: 1000)
        let y = zip(x, linearCongruentialSequence(seed: 2, count: 1000)).map { $1 + $0 }
        // scipy.stats.pearsonr(x.astype(float64), y.astype(float64))[0] with x = lcg(1, 1000),
        // y = lcg(2, 1000) + x in float32 (sequence as in linearCongruentialSequence).
        XCTAssertEqual(try PearsonCorrelation.of(x, y), 0.6931924208148844, accuracy: 1e-12)
    }

    func testConstantInputIsAnError() {
        XCTAssertThrowsError(try PearsonCorrelation.of([2, 2, 2] as [Double], [1, 2, 3])) { error in
            XCTAssertEqual((error as? MetricError)?.kind, .constantInput)
        }
        // 0.1 · 3 / 3 ≠ 0.1 in Double; the exact-equality check still sees a constant.
        XCTAssertThrowsError(try PearsonCorrelation.of([1, 2, 3], [0.1, 0.1, 0.1] as [Double])) { error in
            XCTAssertEqual((error as? MetricError)?.kind, .constantInput)
        }
        XCTAssertThrowsError(try PearsonCorrelation.of([5] as [Double], [1])) { error in
            XCTAssertEqual((error as? MetricError)?.kind, .constantInput)
        }
    }

    func testInvalidInput() {
        XCTAssertThrowsError(try PearsonCorrelation.of([1, 2] as [Double], [1, 2, 3])) { error in
            XCTAssertEqual((error as? MetricError)?.kind, .mismatchedLengths)
            XCTAssertTrue("\(error)".hasPrefix("Pearson correlation:"))
        }
        XCTAssertThrowsError(try PearsonCorrelation.of([Double](), [])) { error in
            XCTAssertEqual((error as? MetricError)?.kind, .emptyInput)
        }
        XCTAssertThrowsError(try PearsonCorrelation.of([1, .nan, 3] as [Double], [1, 2, 3])) { error in
            XCTAssertEqual((error as? MetricError)?.kind, .notFinite)
        }
        XCTAssertThrowsError(try PearsonCorrelation.of([1, 2, 3], [1, .infinity, 3] as [Float])) { error in
            XCTAssertEqual((error as? MetricError)?.kind, .notFinite)
        }
    }
}
