import NeuralNet
import Tensors

/// Learns every learner's rules on the training rows (features in their units), orders them
/// surest first and sweeps the partially interpretable model over the test rows: m rules
/// answer what they match, the reference network the rest. Writes rules/<learner>.csv and
/// rules/curves.csv.
struct RulesStage: Stage {
    let name = "rules"

    func run(_ context: RunContext) throws -> [String] {
        let spec = context.spec, dir = context.directory
        let train = try RawRows("train", in: dir), test = try RawRows("test", in: dir)
        let features = try RawRows.names("data/features.txt", in: dir), classes = try RawRows.names("data/classes.txt", in: dir)
        let network = try SnapshotModel.loadReference(spec, from: dir)
        let predicted = network.forward(try dir.readArray(SupervisedArrays.paths("test").inputs)).argmaxRows()
        var curves = PartiallyInterpretableArtifacts.curves.header, written: [String] = []
        for (learnerName, learner) in spec.rules.learners {
            let rules = learner.rules(rows: train.rows, labels: train.labels, classes: classes.count).surestFirst()
            var table = PartiallyInterpretableArtifacts.rules(learnerName).header
            for (m, rule) in rules.enumerated() {
                let covered = test.rows.indices.filter { rule.matches(test.rows[$0]) }
                let correct = covered.filter { test.labels[$0] == rule.predicted }.count
                table += "\(m + 1),\(rule.text(features: features, classes: classes)),\(classes[rule.predicted]),"
                    + "\(rule.support),\(rule.correct),\(covered.count),\(correct)\n"
            }
            try dir.write(table, to: PartiallyInterpretableArtifacts.rules(learnerName).path)
            written.append(PartiallyInterpretableArtifacts.rules(learnerName).path)
            let curve = TransparencyAccuracyCurve(rules: rules, rows: test.rows, labels: test.labels, network: predicted)
            for m in curve.transparency.indices {
                curves += "\(learnerName),\(m),\(number(curve.transparency[m])),\(number(curve.accuracy[m]))\n"
            }
        }
        try dir.write(curves, to: PartiallyInterpretableArtifacts.curves.path)
        return written + [PartiallyInterpretableArtifacts.curves.path]
    }
}

/// The curves read back, by learner in spec order.
struct RuleCurves {
    let learners: [String]
    let curves: [String: TransparencyAccuracyCurve]

    init(in dir: RunDirectory) throws {
        let rows = try PartiallyInterpretableArtifacts.curves.read(in: dir)
        var learners: [String] = [], curves: [String: TransparencyAccuracyCurve] = [:]
        for i in 0..<rows.count {
            let learner = try rows.string(i, "learner")
            if curves[learner] == nil { learners.append(learner); curves[learner] = TransparencyAccuracyCurve(transparency: [], accuracy: []) }
            curves[learner]!.transparency.append(try rows.double(i, "transparency"))
            curves[learner]!.accuracy.append(try rows.double(i, "accuracy"))
        }
        (self.learners, self.curves) = (learners, curves)
    }
}
