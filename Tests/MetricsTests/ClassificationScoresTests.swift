import XCTest
@testable import Metrics

final class ClassificationScoresTests: XCTestCase {
    // Six classes: 0–2 on both sides, 3 only in the truth, 4 only in the predictions,
    // 5 nowhere.
    let truth = [0, 0, 1, 1, 2, 2, 2, 3]
    let predicted = [0, 1, 1, 1, 2, 4, 2, 0]

    func testConfusionAndAccuracy() throws {
        let scores = try ClassificationScores(truth: truth, predicted: predicted, classCount: 6)
        // Rows truth, columns prediction (sklearn confusion_matrix(labels=range(6)) agrees).
        XCTAssertEqual(scores.confusion, [
            [1, 1, 0, 0, 0, 0],
            [0, 2, 0, 0, 0, 0],
            [0, 0, 2, 0, 1, 0],
            [1, 0, 0, 0, 0, 0],
            [0, 0, 0, 0, 0, 0],
            [0, 0, 0, 0, 0, 0],
        ])
        XCTAssertEqual(scores.count, 8)
        // 5 of 8 on the diagonal.
        XCTAssertEqual(scores.accuracy, 0.625)
    }

    func testF1AndMacroF1() throws {
        let scores = try ClassificationScores(truth: truth, predicted: predicted, classCount: 6)
        // F1 = 2TP / (2TP + FP + FN), i.e. 2TP / (#truth + #predicted) per class:
        // 0: 2·1/(2+2) = 0.5; 1: 2·2/(2+3) = 0.8; 2: 2·2/(3+2) = 0.8; 3: 0/(1+0) = 0;
        // 4: 0/(0+1) = 0; 5: 0/0 → absent.
        let f1 = scores.f1PerClass
        XCTAssertEqual(f1.count, 6)
        for (c, expected) in [0.5, 0.8, 0.8, 0, 0].enumerated() {
            XCTAssertEqual(f1[c]!, expected, accuracy: 1e-15)
        }
        XCTAssertNil(f1[5])
        // Mean over the 5 present classes: 2.1 / 5 = 0.42
        // (sklearn f1_score(average="macro"): 0.42000000000000004).
        XCTAssertEqual(scores.macroF1, 0.42, accuracy: 1e-15)
    }

    func testPerfectPrediction() throws {
        let scores = try ClassificationScores(truth: [2, 0, 1], predicted: [2, 0, 1], classCount: 19)
        XCTAssertEqual(scores.accuracy, 1)
        XCTAssertEqual(scores.macroF1, 1)
    }

    func testInvalidInput() {
        func kind(_ body: () throws -> ClassificationScores) -> MetricError.Kind? {
            do { _ = try body(); return nil } catch { return (error as? MetricError)?.kind }
        }
        XCTAssertEqual(kind { try ClassificationScores(truth: [0, 1], predicted: [0], classCount: 2) }, .mismatchedLengths)
        XCTAssertEqual(kind { try ClassificationScores(truth: [], predicted: [], classCount: 2) }, .emptyInput)
        XCTAssertEqual(kind { try ClassificationScores(truth: [0, 2], predicted: [0, 1], classCount: 2) }, .invalidArgument)
        XCTAssertEqual(kind { try ClassificationScores(truth: [0], predicted: [-1], classCount: 2) }, .invalidArgument)
        XCTAssertEqual(kind { try ClassificationScores(truth: [0], predicted: [0], classCount: 0) }, .invalidArgument)
    }
}
