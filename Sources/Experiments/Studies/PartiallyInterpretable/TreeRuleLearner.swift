/// Rules as the leaves of a CART tree (Breiman et al.): each node splits on the feature and
/// threshold that minimise the children's size-weighted Gini impurity 1 − Σ_c p_c², thresholds
/// halfway between consecutive distinct values; a node stops at `depth`, when pure, or when no
/// split leaves `minLeaf` rows on both sides. A leaf is the rule "IF the path's conditions THEN
/// its majority class" (ties: the lower class). The leaves partition the input space, so all
/// of them together answer every input. Ties between splits go to the lower feature, then the
/// lower threshold: the rules depend on the data alone.
struct TreeRuleLearner {
    var depth: Int
    var minLeaf: Int

    func rules(rows: [[Double]], labels: [Int], classes: Int) -> [Rule] {
        grow(Array(rows.indices), conditions: [], level: 0, rows: rows, labels: labels, classes: classes)
    }

    private func grow(_ members: [Int], conditions: [RuleCondition], level: Int, rows: [[Double]], labels: [Int],
                      classes: Int) -> [Rule] {
        let counts = TreeRuleLearner.counts(members.map { labels[$0] }, classes)
        let majority = counts.indices.max { counts[$0] < counts[$1] || (counts[$0] == counts[$1] && $0 > $1) } ?? 0
        let leaf = Rule(conditions: conditions, predicted: majority, support: members.count, correct: counts[majority])
        guard level < depth, counts[majority] < members.count,
              let split = bestSplit(members, rows: rows, labels: labels, classes: classes) else { return [leaf] }
        let below = members.filter { rows[$0][split.feature] <= split.threshold }
        let above = members.filter { rows[$0][split.feature] > split.threshold }
        return grow(below, conditions: conditions + [RuleCondition(feature: split.feature, threshold: split.threshold, above: false)],
                    level: level + 1, rows: rows, labels: labels, classes: classes)
            + grow(above, conditions: conditions + [RuleCondition(feature: split.feature, threshold: split.threshold, above: true)],
                   level: level + 1, rows: rows, labels: labels, classes: classes)
    }

    private func bestSplit(_ members: [Int], rows: [[Double]], labels: [Int], classes: Int) -> (feature: Int, threshold: Double)? {
        var best: (feature: Int, threshold: Double, impurity: Double)?
        let n = members.count
        for feature in 0..<(rows.first?.count ?? 0) {
            let sorted = members.sorted { (rows[$0][feature], $0) < (rows[$1][feature], $1) }
            var left = [Int](repeating: 0, count: classes), right = TreeRuleLearner.counts(sorted.map { labels[$0] }, classes)
            for i in 0..<(n - 1) {
                left[labels[sorted[i]]] += 1
                right[labels[sorted[i]]] -= 1
                let (a, b) = (rows[sorted[i]][feature], rows[sorted[i + 1]][feature])
                guard a < b, i + 1 >= minLeaf, n - i - 1 >= minLeaf else { continue }
                let impurity = (Double(i + 1) * TreeRuleLearner.gini(left) + Double(n - i - 1) * TreeRuleLearner.gini(right)) / Double(n)
                if best == nil || impurity < best!.impurity { best = (feature, (a + b) / 2, impurity) }
            }
        }
        return best.map { ($0.feature, $0.threshold) }
    }

    static func counts(_ labels: [Int], _ classes: Int) -> [Int] {
        var c = [Int](repeating: 0, count: classes)
        for l in labels { c[l] += 1 }
        return c
    }

    /// 1 − Σ_c p_c².
    static func gini(_ counts: [Int]) -> Double {
        let n = Double(counts.reduce(0, +))
        return n == 0 ? 0 : 1 - counts.reduce(0.0) { $0 + (Double($1) / n) * (Double($1) / n) }
    }
}
