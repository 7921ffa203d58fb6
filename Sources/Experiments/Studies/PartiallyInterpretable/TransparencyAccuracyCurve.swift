/// A partially interpretable model's trade-off: the first m rules (in the given order) answer
/// the inputs they match — the first matching rule's class — and the network answers the rest.
/// Transparency τ_m is the fraction of inputs the rules answer, accuracy a_m the hybrid's; m
/// runs from 0 (the network alone, τ = 0) to every rule (τ = 1 when the rules cover everything,
/// as a tree's leaves do).
struct TransparencyAccuracyCurve: Equatable {
    var transparency: [Double]
    var accuracy: [Double]

    init(transparency: [Double], accuracy: [Double]) {
        (self.transparency, self.accuracy) = (transparency, accuracy)
    }

    init(rules: [Rule], rows: [[Double]], labels: [Int], network predicted: [Int]) {
        let n = Double(max(rows.count, 1))
        var answeredBy = [Int?](repeating: nil, count: rows.count)  // the first of the rules so far that matches
        var (t, a): ([Double], [Double]) = ([0], [Double(zip(predicted, labels).filter { $0 == $1 }.count) / n])
        for (m, rule) in rules.enumerated() {
            for i in rows.indices where answeredBy[i] == nil && rule.matches(rows[i]) { answeredBy[i] = m }
            var covered = 0, correct = 0
            for i in rows.indices {
                if let r = answeredBy[i] {
                    covered += 1
                    if rules[r].predicted == labels[i] { correct += 1 }
                } else if predicted[i] == labels[i] { correct += 1 }
            }
            t.append(Double(covered) / n)
            a.append(Double(correct) / n)
        }
        (transparency, accuracy) = (t, a)
    }

    /// AUTAC, the area under accuracy over transparency by the trapezoid rule:
    ///     Σ_m (τ_{m+1} − τ_m) · (a_m + a_{m+1}) / 2
    /// over the points in order of τ (adding a rule never lowers τ). A curve that stops short
    /// of τ = 1 covers less area: the rules that answer nothing more are worth nothing more.
    var autac: Double {
        var area = 0.0
        for m in 0..<max(transparency.count - 1, 0) {
            area += (transparency[m + 1] - transparency[m]) * (accuracy[m] + accuracy[m + 1]) / 2
        }
        return area
    }
}

extension Array where Element == Rule {
    /// The order rules join the model: highest training precision first, then larger support,
    /// then the learner's order — the surest rules become transparent first.
    func surestFirst() -> [Rule] {
        enumerated().sorted { l, r in
            (l.element.precision, l.element.support, -l.offset) > (r.element.precision, r.element.support, -r.offset)
        }.map(\.element)
    }
}
