import Tensors
@testable import NeuralNet

/// The small problems the data-cleansing tests train on: `count` points of `features`
/// dimensions around one seeded centre per class (spread 1, centres 1.5 apart on average).
enum TinyClassification {
    static func blobs(count: Int, features: Int, classes: Int, seed: UInt64) -> LabeledExamples {
        let g = Generator(seed: seed)
        let centres = (0..<classes).map { _ in (0..<features).map { _ in 1.5 * g.normal() } }
        let x = Tensor(uninitialized: [count, features])
        var labels: [Int] = []
        for i in 0..<count {
            let c = i % classes
            labels.append(c)
            for f in 0..<features { x.data[i * features + f] = centres[c][f] + g.normal() }
        }
        return LabeledExamples(inputs: x, labels: labels)
    }
}
