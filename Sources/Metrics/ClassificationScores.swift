/// Accuracy, confusion matrix and F1 scores of a classifier's predictions (paper 004 reports
/// macro-F1 over the activity classes).
///
/// Macro-F1 averages the per-class F1 over the classes that occur in the truth or in the
/// predictions; a class absent from both has no F1 (0/0) and is left out rather than counted
/// as 0 or 1. That is `sklearn.metrics.f1_score(truth, predicted, average="macro")` with its
/// default labels (those present in either array). A class that occurs on one side only has
/// F1 = 0, as in sklearn.
public struct ClassificationScores: Sendable {
    static let name = "Classification scores"

    public let classCount: Int
    /// `confusion[t][p]`: number of items of true class t predicted as class p.
    public let confusion: [[Int]]

    /// Labels must lie in 0..<classCount.
    public init(truth: [Int], predicted: [Int], classCount: Int) throws {
        try MetricError.requireSameCount(truth.count, predicted.count, Self.name)
        try MetricError.requireNonEmpty(truth.count, Self.name)
        guard classCount >= 1 else {
            throw MetricError(Self.name, .invalidArgument, "class count must be at least 1, got \(classCount)")
        }
        var confusion = [[Int]](repeating: [Int](repeating: 0, count: classCount), count: classCount)
        for (i, (t, p)) in zip(truth, predicted).enumerated() {
            guard (0..<classCount).contains(t), (0..<classCount).contains(p) else {
                throw MetricError(Self.name, .invalidArgument,
                                  "label outside 0..<\(classCount) at index \(i) (truth \(t), predicted \(p))")
            }
            confusion[t][p] += 1
        }
        self.classCount = classCount
        self.confusion = confusion
    }

    public var count: Int { confusion.reduce(0) { $0 + $1.reduce(0, +) } }

    /// Fraction of items predicted as their true class.
    public var accuracy: Double {
        Double((0..<classCount).reduce(0) { $0 + confusion[$1][$1] }) / Double(count)
    }

    /// F1 = 2·TP / (2·TP + FP + FN) per class (the harmonic mean of precision and recall,
    /// written so that it stays defined when only one of them is); `nil` for a class absent
    /// from both truth and predictions.
    public var f1PerClass: [Double?] {
        (0..<classCount).map { c in
            let truePositives = confusion[c][c]
            let actual = confusion[c].reduce(0, +)                      // TP + FN
            let predicted = confusion.reduce(0) { $0 + $1[c] }          // TP + FP
            let denominator = actual + predicted                        // 2·TP + FP + FN
            return denominator == 0 ? nil : Double(2 * truePositives) / Double(denominator)
        }
    }

    /// Mean per-class F1 over the classes present in truth or predictions.
    public var macroF1: Double {
        let present = f1PerClass.compactMap { $0 }
        // Never empty: the input has at least one item, so at least one class is present.
        return present.reduce(0, +) / Double(present.count)
    }
}
