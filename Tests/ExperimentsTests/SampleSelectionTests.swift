import XCTest
@testable import Experiments

final class SampleSelectionTests: XCTestCase {
    /// Class 0 has four correct samples (p_0 = .9, .8, .6, .55) and two wrong ones
    /// (rows 4, 5: |max − p_0| = .7 and .1); class 1 one correct (row 6).
    func testGroupsOnAToyScoreTable() throws {
        let p: [[Double]] = [[0.9, 0.1], [0.8, 0.2], [0.6, 0.4], [0.55, 0.45], [0.15, 0.85], [0.45, 0.55], [0.3, 0.7]]
        let labels = [0, 0, 0, 0, 0, 0, 1]
        let s = SampleSelection.select(probabilities: p, labels: labels, correct: 2, wrong: 1, ambiguous: 1)
        let summary = s.samples.map { "\($0.row)\($0.group.rawValue)" }
        // A: top 2 of [0, 1, 2, 3]; B: top 1 of [4 (.7), 5 (.1)]; C: bottom 1 of A (3) and of B (5).
        XCTAssertEqual(summary, ["0A", "1A", "4B", "3C", "5C", "6A", "6C"])
        XCTAssertEqual(s.samples[2].score, 0.7, accuracy: 1e-12)
        XCTAssertEqual(s.samples[2].predicted, 1)
        let back = try SampleSelection(csv: s.csv)  // scores are written with 8 significant digits
        XCTAssertEqual(back.samples.map { "\($0.row)\($0.group.rawValue)" }, summary)
        XCTAssertEqual(back.samples[4].score, 0.1, accuracy: 1e-8)
    }
}
