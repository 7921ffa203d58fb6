import XCTest
import Tensors
@testable import Attribution

final class StateRelevanceTests: XCTestCase {
    let coefficients: [[Double]] = [[0.5, -2, 1, 0.1], [-0.3, 0.2, 3, -1]]
    /// Steps 0..<4 are state 0, 4..<8 state 1.
    let steps = [[0, 1, 2, 3], [4, 5, 6, 7]]

    func testMapsEqualToTheCoefficientsScoreOne() throws {
        let maps = Tensor(uninitialized: [8, 4])
        for t in 0..<8 { for d in 0..<4 { maps[t, d] = Float(coefficients[t / 4][d]) } }
        let scores = try StateRelevance.evaluate(maps: maps, coefficients: coefficients, steps: steps)
        XCTAssertEqual(scores.map(\.state), [0, 1])
        XCTAssertEqual(scores.map(\.stepCount), [4, 4])
        for score in scores {
            XCTAssertEqual(score.meanMapNDCG, 1, accuracy: 1e-12)
            XCTAssertEqual(score.perStepNDCG, 1, accuracy: 1e-12)
        }
    }

    func testMeanMapHidesNoisyStepsThatPerStepSees() throws {
        // Step t puts all weight on feature t (step 1 more than the others): the mean map
        // (1/4, 3/8, 1/4, 1/4) ranks feature 1 (|F| = 2, the most relevant) first, while
        // steps 0, 2 and 3 each rank a less relevant feature first.
        let maps = Tensor(zeros: [4, 4])
        for t in 0..<4 { maps[t, t] = 1 }
        maps[1, 1] = 1.5
        let relevance = coefficients[0]
        let mean = try StateRelevance.meanMapNDCG(maps: maps, coefficients: relevance, steps: [0, 1, 2, 3])
        let perStep = try StateRelevance.perStepNDCG(maps: maps, coefficients: relevance, steps: [0, 1, 2, 3])
        XCTAssertGreaterThan(mean, perStep)
        // Step 1 alone ranks exactly as the mean map: feature 1, then the other three tied.
        let stepOne = try StateRelevance.perStepNDCG(maps: maps, coefficients: relevance, steps: [1])
        XCTAssertEqual(stepOne, mean, accuracy: 1e-12)
    }

    func testSignIsIgnoredInTheRanking() throws {
        let maps = Tensor(shape: [1, 4], values: [-0.5, 2, -1, 0.1])
        XCTAssertEqual(try StateRelevance.meanMapNDCG(maps: maps, coefficients: coefficients[0], steps: [0]), 1,
                       accuracy: 1e-12)
    }

    func testPredictionPerState() throws {
        let truth = Tensor(shape: [6, 1], values: [1, 2, 3, 4, 5, 9])
        let predictions = Tensor(shape: [6, 1], values: [3, 5, 7, 4, 9, 5])  // state 0: 2y + 1
        let scores = try StatePrediction.evaluate(predictions: predictions, truth: truth, steps: [[0, 1, 2], [3, 4, 5]])
        XCTAssertEqual(scores[0].pearson, 1, accuracy: 1e-12)
        XCTAssertEqual(scores[0].meanSquaredError, (4 + 9 + 16) / 3, accuracy: 1e-12)
        XCTAssertEqual(scores[1].stepCount, 3)
        XCTAssertEqual(scores[1].meanSquaredError, (0 + 16 + 16) / 3, accuracy: 1e-12)
    }
}
