import XCTest
@testable import Experiments

/// AUTAC, the rules' coverage and accuracy, and the tree learner, on hand-made data.
final class TransparencyAccuracyCurveTests: XCTestCase {
    /// Points (0, 0.9), (0.5, 0.8), (1, 0.6): trapezoids 0.5·(0.9 + 0.8)/2 + 0.5·(0.8 + 0.6)/2
    /// = 0.425 + 0.35 = 0.775.
    func testAUTACIsTheTrapezoidAreaOfAKnownCurve() {
        XCTAssertEqual(TransparencyAccuracyCurve(transparency: [0, 0.5, 1], accuracy: [0.9, 0.8, 0.6]).autac, 0.775, accuracy: 1e-12)
        // Constant accuracy a over [0, 1] has area a; a curve stopping at τ = 0.4 covers 0.4·a.
        XCTAssertEqual(TransparencyAccuracyCurve(transparency: [0, 0.2, 0.7, 1], accuracy: [0.8, 0.8, 0.8, 0.8]).autac, 0.8, accuracy: 1e-12)
        XCTAssertEqual(TransparencyAccuracyCurve(transparency: [0, 0.4], accuracy: [1, 1]).autac, 0.4, accuracy: 1e-12)
        // Uneven steps: (0, 1), (0.1, 1), (0.25, 0.5), (1, 0.5): 0.1 + 0.15·0.75 + 0.75·0.5 = 0.5875.
        XCTAssertEqual(TransparencyAccuracyCurve(transparency: [0, 0.1, 0.25, 1], accuracy: [1, 1, 0.5, 0.5]).autac, 0.5875, accuracy: 1e-12)
    }

    /// Six inputs, one feature; labels 0 0 1 1 1 0. Rule A: x ≤ 2 → 0 (rows 0, 1: both right);
    /// rule B: x > 2 → 1 (rows 2–5: three right). The network predicts 1 everywhere (3 of 6).
    ///     m = 0: τ = 0,   accuracy 3/6
    ///     m = 1: τ = 2/6, rows 0, 1 by A (2 right) + rows 2–5 by the network (3 right) = 5/6
    ///     m = 2: τ = 1,   2 + 3 right = 5/6
    func testCoverageAndAccuracyOnAHandMadeDataset() {
        let rows: [[Double]] = [[1], [2], [3], [4], [5], [6]], labels = [0, 0, 1, 1, 1, 0]
        let a = Rule(conditions: [RuleCondition(feature: 0, threshold: 2, above: false)], predicted: 0, support: 2, correct: 2)
        let b = Rule(conditions: [RuleCondition(feature: 0, threshold: 2, above: true)], predicted: 1, support: 4, correct: 3)
        XCTAssertEqual(rows.filter(a.matches).count, 2)
        XCTAssertEqual(b.precision, 0.75)
        let curve = TransparencyAccuracyCurve(rules: [a, b], rows: rows, labels: labels, network: [1, 1, 1, 1, 1, 1])
        XCTAssertEqual(curve.transparency, [0, 2.0 / 6, 1])
        XCTAssertEqual(curve.accuracy, [3.0 / 6, 5.0 / 6, 5.0 / 6])
        XCTAssertEqual(curve.autac, (2.0 / 6) * (3.0 / 6 + 5.0 / 6) / 2 + (4.0 / 6) * (5.0 / 6), accuracy: 1e-12)
        XCTAssertEqual([b, a].surestFirst(), [a, b], "surest first")
        XCTAssertEqual(a.text(features: ["size"], classes: ["small", "large"]), "IF size ≤ 2 THEN small")
    }

    /// Two features; class 1 exactly where x₀ > 5 and x₁ > 1. Depth 1 can isolate only one
    /// of the conditions; depth 2 finds both, and its leaves are pure and partition the rows.
    func testTreeLeavesAreReadableRulesThatPartitionTheRows() {
        var rows: [[Double]] = [], labels: [Int] = []
        for x0 in 0..<10 { for x1 in 0..<4 { rows.append([Double(x0), Double(x1)]); labels.append(x0 > 5 && x1 > 1 ? 1 : 0) } }
        let shallow = TreeRuleLearner(depth: 1, minLeaf: 1).rules(rows: rows, labels: labels, classes: 2)
        XCTAssertEqual(shallow.count, 2)
        let deep = TreeRuleLearner(depth: 2, minLeaf: 1).rules(rows: rows, labels: labels, classes: 2)
        XCTAssertTrue(deep.allSatisfy { $0.correct == $0.support }, "pure leaves")
        for row in rows { XCTAssertEqual(deep.filter { $0.matches(row) }.count, 1, "each row in exactly one leaf") }
        XCTAssertEqual(deep.reduce(0) { $0 + $1.support }, rows.count)
        let positive = deep.filter { $0.predicted == 1 }
        XCTAssertEqual(positive.count, 1)
        XCTAssertEqual(Set(positive[0].conditions.map { $0.text(["x0", "x1"]) }), ["x0 > 5.5", "x1 > 1.5"])
    }
}
