import Foundation

/// One test of a rule: feature ≤ threshold, or feature > threshold (thresholds in the feature's
/// own units, so the rule reads as the data does).
struct RuleCondition: Equatable {
    var feature: Int
    var threshold: Double
    var above: Bool

    func holds(_ row: [Double]) -> Bool { above ? row[feature] > threshold : row[feature] <= threshold }

    func text(_ names: [String]) -> String {
        "\(names[feature]) \(above ? ">" : "≤") \(String(format: "%.4g", threshold))"
    }
}

/// IF every condition holds THEN `predicted` — the transparent part of a partially
/// interpretable model. `support` training rows satisfy it, `correct` of them have its class.
struct Rule: Equatable {
    var conditions: [RuleCondition]
    var predicted: Int
    var support: Int
    var correct: Int

    func matches(_ row: [Double]) -> Bool { conditions.allSatisfy { $0.holds(row) } }

    /// Training precision: the share of the rows it answers that it answers right.
    var precision: Double { support == 0 ? 0 : Double(correct) / Double(support) }

    /// "IF worst radius ≤ 16.8 AND worst concave points ≤ 0.1358 THEN benign".
    func text(features: [String], classes: [String]) -> String {
        let premise = conditions.isEmpty ? "always" : conditions.map { $0.text(features) }.joined(separator: " AND ")
        return "IF \(premise) THEN \(classes[predicted])"
    }
}
