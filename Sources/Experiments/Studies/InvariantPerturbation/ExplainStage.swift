import Attribution
import Foundation
import NeuralNet
import Tensors

/// Paper 001's explanations: with the reference model, the first correctly classified test
/// images taken class by class in turn (`invariance.images` of them), and every method's maps
/// of them for their (correctly) predicted class. Invariant perturbation also records, per
/// image, the steps it ran before its early stop and its last objective. Writes
/// explain/samples.csv, explain/inputs.npy, explain/<method>.npy and explain/optimization.csv.
struct ExplainStage: Stage {
    let name = "explain"

    func run(_ context: RunContext) throws -> [String] {
        let spec = context.spec, dir = context.directory
        let network = try SnapshotModel.loadReference(spec, from: dir)
        let test = try SupervisedArrays.read("test", in: dir)
        let probabilities = SoftmaxCrossEntropy.probabilities(Evaluation.of(network, on: test, task: spec.data.task, batchSize: 256).outputs)
        let predicted = probabilities.argmaxRows(), labels = test.targets.array.map { Int($0) }
        let rows = ExplainStage.choose(predicted: predicted, labels: labels, classes: probabilities.shape[1], count: spec.invariance.images)
        guard !rows.isEmpty else { throw RunError.stageFailed(stage: name, reason: "no test image is classified correctly") }
        let inputs = test.batch(rows[...], task: spec.data.task).inputs
        var samples = InvariantPerturbationArtifacts.samples.header
        for row in rows { samples += "\(row),\(labels[row]),\(predicted[row]),\(number(Double(probabilities[row, predicted[row]])))\n" }
        var written = [try InvariantPerturbationArtifacts.inputs(images: rows.count).write(inputs, in: dir)]
        let target = AttributionTarget.classes(rows.map { predicted[$0] })
        var optimization = InvariantPerturbationArtifacts.optimization.header
        for entry in spec.attribution {
            let started = Date()
            let maps: Tensor
            if let method = entry.method as? InvariantPerturbation {
                let clock = WorkClock("\(entry.name) steps (\(rows.count) images at once)", total: method.steps)
                let result = method.optimize(network, inputs: inputs) { step in context.progress(clock.event(done: step)) }
                maps = result.maps
                for (i, row) in rows.enumerated() { optimization += "\(row),\(result.stepsRun[i]),\(number(result.objective[i]))\n" }
            } else {
                maps = entry.method.attribute(network, inputs: inputs, target: target)
            }
            written.append(try InvariantPerturbationArtifacts.maps(method: entry.name, images: rows.count).write(maps, in: dir))
            context.progress(.note("\(entry.name): \(rows.count) images in \(String(format: "%.1f", Date().timeIntervalSince(started)))s"))
        }
        try dir.write(samples, to: InvariantPerturbationArtifacts.samples.path)
        try dir.write(optimization, to: InvariantPerturbationArtifacts.optimization.path)
        return written + [InvariantPerturbationArtifacts.samples.path, InvariantPerturbationArtifacts.optimization.path]
    }

    /// Up to `count` rows with predicted == label, one per class in turn (class 0's first, class
    /// 1's first, …, then each class's second), each class's in row order.
    static func choose(predicted: [Int], labels: [Int], classes: Int, count: Int) -> [Int] {
        var byClass = [[Int]](repeating: [], count: classes)
        for (row, label) in labels.enumerated() where predicted[row] == label && label < classes { byClass[label].append(row) }
        var chosen: [Int] = []
        var depth = 0
        while chosen.count < count, byClass.contains(where: { $0.count > depth }) {
            for rows in byClass where rows.count > depth && chosen.count < count { chosen.append(rows[depth]) }
            depth += 1
        }
        return chosen
    }
}
