import XCTest
import Dispatch
@testable import Metrics

final class SpearmanCorrelationTests: XCTestCase {
    func testFractionalRanks() throws {
        // Sorted: 1 1 2 3 3 4 5 5 6 9 → ranks 1.5 1.5 3 4.5 4.5 6 7.5 7.5 9 10
        // (scipy.stats.rankdata gives the same).
        XCTAssertEqual(try SpearmanCorrelation.fractionalRanks([3, 1, 4, 1, 5, 9, 2, 6, 5, 3] as [Double]),
                       [4.5, 1.5, 6, 1.5, 7.5, 10, 3, 9, 7.5, 4.5])
    }

    func testRanksAcrossSignsAndMagnitudes() throws {
        // The radix sort orders bit patterns; check it against counting, rank = #less +
        // (#equal + 1)/2, on values that exercise every byte of the key: both signs, ±0
        // (equal, so tied), subnormals, huge and tiny magnitudes, repeats.
        var values: [Double] = [0.0, -0.0, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, 1e300, -1e300, 1e-300, -1e-300,
                                1, -1, 1, 0.1, -0.1, 2.5, -2.5, .greatestFiniteMagnitude, -.greatestFiniteMagnitude]
        values += linearCongruentialSequence(seed: 5, count: 200).map { Double($0) * 1e6 - 5e5 + 1 / 3 }
        let expected = values.map { v in
            Double(values.filter { $0 < v }.count) + Double(values.filter { $0 == v }.count + 1) / 2
        }
        XCTAssertEqual(try SpearmanCorrelation.fractionalRanks(values), expected)
        let floats = values.map { Float($0) }.filter(\.isFinite)
        let floatExpected = floats.map { v in
            Double(floats.filter { $0 < v }.count) + Double(floats.filter { $0 == v }.count + 1) / 2
        }
        XCTAssertEqual(try SpearmanCorrelation.fractionalRanks(floats), floatExpected)
    }

    func testTiesUsePearsonOfAveragedRanks() throws {
        // Ranks x = (1, 2.5, 2.5, 4), y = (1, 3, 2, 4), both mean 2.5.
        // Deviations (−1.5, 0, 0, 1.5) and (−1.5, 0.5, −0.5, 1.5):
        // Σdxdy = 4.5, Σdx² = 4.5, Σdy² = 5 → ρ = 4.5 / √22.5 = 0.948683298050514
        // (scipy.stats.spearmanr: 0.9486832980505139). The no-ties closed form would give
        // 1 − 6·0.5/(4·15) = 0.95, which is why it is not used.
        let rho = try SpearmanCorrelation.of([1, 2, 2, 3] as [Double], [1, 3, 2, 4])
        XCTAssertEqual(rho, 4.5 / 22.5.squareRoot(), accuracy: 1e-15)
        XCTAssertEqual(rho, 0.9486832980505139, accuracy: 1e-15)
    }

    func testWithoutTiesEqualsClosedForm() throws {
        // Ranks x = 1…5, y = (3, 1, 4, 5, 2); d = (−2, 1, −1, −1, 3), Σd² = 16
        // ρ = 1 − 6·16 / (5·24) = 0.2 (scipy.stats.spearmanr: 0.19999999999999998).
        let x: [Double] = [10, 20, 30, 40, 50], y: [Double] = [3, 1, 4, 5, 2]
        let rx = try SpearmanCorrelation.fractionalRanks(x), ry = try SpearmanCorrelation.fractionalRanks(y)
        let sumD2 = zip(rx, ry).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        let n = Double(x.count)
        let closedForm = 1 - 6 * sumD2 / (n * (n * n - 1))
        XCTAssertEqual(closedForm, 0.2, accuracy: 1e-15)
        XCTAssertEqual(try SpearmanCorrelation.of(x, y), closedForm, accuracy: 1e-15)
    }

    func testMonotoneAndReversed() throws {
        let x: [Float] = [0.1, 5, -2, 3, 8, 0]
        XCTAssertEqual(try SpearmanCorrelation.of(x, x.map { $0 * $0 * $0 + 1 }), 1, accuracy: 1e-15)
        XCTAssertEqual(try SpearmanCorrelation.of(x, x.map { -exp($0) }), -1, accuracy: 1e-15)
    }

    func testFiftyThousandFloatsWithTiesAgainstScipy() throws {
        // Heatmap-sized input (paper 003 correlates all pixels): 50,000 values on 1000 levels,
        // so nearly every value is tied. Reference: scipy.stats.spearmanr(a, b)[0] with
        // a = lcg(7, 50000), b = lcg(8, 50000) + a in float32 → 0.7015729198021936.
        let a = linearCongruentialSequence(seed: 7, count: 50_000)
        let b = zip(a, linearCongruentialSequence(seed: 8, count: 50_000)).map { $1 + $0 }
        let start = DispatchTime.now().uptimeNanoseconds
        let rho = try SpearmanCorrelation.of(a, b)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        XCTAssertEqual(rho, 0.7015729198021936, accuracy: 1e-12)
        // O(n log n) takes milliseconds here; an O(n²) ranking would take seconds.
        XCTAssertLessThan(seconds, 0.5)
    }

    func testConstantAndInvalidInput() {
        XCTAssertThrowsError(try SpearmanCorrelation.of([1, 2, 3] as [Float], [4, 4, 4])) { error in
            XCTAssertEqual((error as? MetricError)?.kind, .constantInput)
            XCTAssertTrue("\(error)".hasPrefix("Spearman correlation:"))
        }
        XCTAssertThrowsError(try SpearmanCorrelation.of([1, 2, 3] as [Double], [1, 2])) { error in
            XCTAssertEqual((error as? MetricError)?.kind, .mismatchedLengths)
        }
        XCTAssertThrowsError(try SpearmanCorrelation.of([Float](), [])) { error in
            XCTAssertEqual((error as? MetricError)?.kind, .emptyInput)
        }
        XCTAssertThrowsError(try SpearmanCorrelation.of([1, .nan, 3] as [Float], [1, 2, 3])) { error in
            XCTAssertEqual((error as? MetricError)?.kind, .notFinite)
        }
    }
}
