import XCTest
import Tensors
@testable import Attribution

final class TargetChoiceTests: XCTestCase {
    let outputs = Tensor(shape: [3, 4], values: [0.1, 2, -1, 0.5,
                                                 -3, -2, -2.5, -4,
                                                 1, 0, 1, 0])  // a tie: the first maximum wins

    func testPredictedPicksTheArgmaxOfEachRow() {
        XCTAssertEqual(TargetChoice.predicted.target(labels: [0, 0, 3], outputs: outputs), .classes([1, 1, 0]))
    }

    func testLabelKeepsTheLabels() {
        XCTAssertEqual(TargetChoice.label.target(labels: [0, 2, 3], outputs: outputs), .classes([0, 2, 3]))
    }
}
