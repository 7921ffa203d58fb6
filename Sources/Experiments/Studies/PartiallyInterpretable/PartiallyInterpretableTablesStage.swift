/// tables/autac.{csv,md}: every learner's AUTAC beside the network alone (τ = 0) and the rules
/// alone (τ = 1); tables/rules-<learner>.{csv,md}: each rule printed, with its training
/// support and precision and what it does on the test rows.
struct PartiallyInterpretableTablesStage: Stage {
    let name = "tables"

    func run(_ context: RunContext) throws -> [String] {
        let spec = context.spec, dir = context.directory
        let curves = try RuleCurves(in: dir)
        func percent(_ x: Double) -> String { String(format: "%.1f %%", 100 * x) }
        var rows: [[String]] = [], written: [String] = []
        for learner in curves.learners {
            let curve = curves.curves[learner]!
            rows.append([learner, "\(curve.transparency.count - 1)", fixed3(curve.autac), percent(curve.accuracy.first ?? 0),
                         percent(curve.accuracy.last ?? 0), percent(curve.transparency.last ?? 0)])
            let rules = try PartiallyInterpretableArtifacts.rules(learner).read(in: dir)
            var ruleRows: [[String]] = []
            for i in 0..<rules.count {
                let (support, correct) = (try rules.int(i, "train_support"), try rules.int(i, "train_correct"))
                let (covered, right) = (try rules.int(i, "test_covered"), try rules.int(i, "test_correct"))
                ruleRows.append([try rules.string(i, "order"), try rules.string(i, "rule"), "\(support)",
                                 percent(Double(correct) / Double(max(support, 1))), "\(covered)",
                                 covered == 0 ? "–" : percent(Double(right) / Double(covered))])
            }
            written += try Table(title: "\(spec.name): rules of \(learner), in the order they join the model",
                                 columns: ["#", "rule", "train rows", "train precision", "test rows", "test accuracy"],
                                 rows: ruleRows,
                                 notes: ["Thresholds in the features' own units; a rule answers the inputs it matches, the network the rest."])
                .write("rules-\(learner)", in: dir)
        }
        written += try Table(title: "\(spec.name): area under the transparency–accuracy curve (AUTAC)",
                             columns: ["rule learner", "rules", "AUTAC", "accuracy, network alone", "accuracy, rules alone", "transparency, all rules"],
                             rows: rows,
                             notes: ["Test rows. Transparency = the fraction of inputs the rules answer; the first m rules (surest first) answer, the network the rest, m = 0 … all.",
                                     "AUTAC = ∫ accuracy d(transparency) over [0, 1] by the trapezoid rule through the m = 0 … all points; 1 is perfect."])
            .write("autac", in: dir)
        return written
    }
}
