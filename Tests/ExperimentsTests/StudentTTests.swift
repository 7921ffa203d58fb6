import XCTest
@testable import Experiments

/// Student-t quantiles against the printed tables, and the CDF's symmetry.
final class StudentTTests: XCTestCase {
    func testQuantilesMatchTheTables() {
        // t_{0.975, ν} from any statistics table.
        for (nu, t) in [(1, 12.706), (2, 4.303), (4, 2.776), (9, 2.262), (29, 2.045), (1000, 1.962)] {
            XCTAssertEqual(StudentT.quantile(0.975, degreesOfFreedom: nu), t, accuracy: 5e-4, "ν = \(nu)")
        }
        XCTAssertEqual(StudentT.quantile(0.95, degreesOfFreedom: 4), 2.132, accuracy: 5e-4)
        XCTAssertEqual(StudentT.quantile(0.995, degreesOfFreedom: 9), 3.250, accuracy: 5e-4)
        XCTAssertEqual(StudentT.quantile(0.5, degreesOfFreedom: 3), 0, accuracy: 1e-12)
    }

    func testCDFIsSymmetricAndInvertsTheQuantile() {
        for nu in [1, 2, 5, 30] {
            XCTAssertEqual(StudentT.cdf(0, degreesOfFreedom: nu), 0.5, accuracy: 1e-15)
            XCTAssertEqual(StudentT.cdf(-1.3, degreesOfFreedom: nu) + StudentT.cdf(1.3, degreesOfFreedom: nu), 1, accuracy: 1e-14)
            XCTAssertEqual(StudentT.cdf(StudentT.quantile(0.975, degreesOfFreedom: nu), degreesOfFreedom: nu), 0.975, accuracy: 1e-12)
        }
        // ν = 1 is the Cauchy distribution: P(T ≤ 1) = 3/4.
        XCTAssertEqual(StudentT.cdf(1, degreesOfFreedom: 1), 0.75, accuracy: 1e-14)
    }
}
