import XCTest
@testable import Metrics

final class RegressionScoresTests: XCTestCase {
    func testHandComputed() throws {
        // Errors (0, 0, 2): MSE = 4/3, RMSE = √(4/3) = 1.1547005383792515
        // (sklearn mean_squared_error: 1.3333333333333333).
        XCTAssertEqual(try RegressionScores.meanSquaredError(predicted: [1, 2, 5] as [Double], truth: [1, 2, 3]),
                       4.0 / 3, accuracy: 1e-15)
        XCTAssertEqual(try RegressionScores.rootMeanSquaredError(predicted: [1, 2, 5] as [Double], truth: [1, 2, 3]),
                       1.1547005383792515, accuracy: 1e-15)
        // Float input, summed in Double: errors (0.5, −0.5, 1) → (0.25 + 0.25 + 1)/3 = 0.5.
        XCTAssertEqual(try RegressionScores.meanSquaredError(predicted: [1.5, 1.5, 4] as [Float], truth: [1, 2, 3]),
                       0.5, accuracy: 1e-15)
        XCTAssertEqual(try RegressionScores.rootMeanSquaredError(predicted: [3] as [Float], truth: [3]), 0)
    }

    func testInvalidInput() {
        func kind(_ body: () throws -> Double) -> MetricError.Kind? {
            do { _ = try body(); return nil } catch { return (error as? MetricError)?.kind }
        }
        XCTAssertEqual(kind { try RegressionScores.meanSquaredError(predicted: [1, 2] as [Double], truth: [1]) },
                       .mismatchedLengths)
        XCTAssertEqual(kind { try RegressionScores.meanSquaredError(predicted: [Float](), truth: []) }, .emptyInput)
        XCTAssertEqual(kind { try RegressionScores.rootMeanSquaredError(predicted: [.nan] as [Double], truth: [1]) },
                       .notFinite)
    }
}
