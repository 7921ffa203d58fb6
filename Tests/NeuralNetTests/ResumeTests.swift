import Foundation
import XCTest
import Tensors
@testable import NeuralNet

/// Training 2 epochs, saving, loading into fresh objects and training 2 more gives the same
/// bytes as 4 epochs straight through: the checkpoint holds everything training depends on.
final class ResumeTests: XCTestCase {
    struct Run {
        let network: Network
        let optimizer: Optimizer
        let generator: Generator
        init() {
            let g = Generator(seed: 21)
            network = MNISTCNN.make(inputShape: [1, 10, 10], classes: 4, generator: g)  // has dropout
            optimizer = SGD(momentum: 0.9, nesterov: true, weightDecay: 5e-4)
            generator = g
        }
    }

    let data: (Tensor, [Int]) = ModelTests.squares(count: 24, channels: 1, size: 10, seed: 8)

    /// One epoch: a shuffled order drawn from the run's generator, batches of 8.
    func epoch(_ run: Run, _ epoch: Int) {
        let (x, labels) = data
        let order = run.generator.permutation(labels.count)
        let schedule = LearningRateSchedule.cosine(base: 0.05, totalEpochs: 4, minimum: 0)
        for start in stride(from: 0, to: order.count, by: 8) {
            let idx = Array(order[start..<start + 8])
            let batch = Tensor(uninitialized: [8, 1, 10, 10])
            for (i, j) in idx.enumerated() { (batch.data + i * 100).update(from: x.data + j * 100, count: 100) }
            trainingStep(run.network, optimizer: run.optimizer, inputs: batch, target: .classes(idx.map { labels[$0] }),
                         learningRate: schedule.rate(epoch: epoch), generator: run.generator)
        }
    }

    func testTwoPlusTwoEpochsEqualsFourStraight() throws {
        let straight = Run()
        for e in 0..<4 { epoch(straight, e) }

        let first = Run()
        for e in 0..<2 { epoch(first, e) }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("resume-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("epoch-0002.safetensors")
        try Checkpoint.save(first.network, optimizer: first.optimizer, position: TrainingPosition(epoch: 2, step: 6),
                            generator: first.generator, to: file)

        let resumed = Run()
        _ = resumed.generator.next()  // a different generator state, to be overwritten by the checkpoint
        let position = try Checkpoint.load(into: resumed.network, optimizer: resumed.optimizer,
                                           generator: resumed.generator, from: file)
        XCTAssertEqual(position, TrainingPosition(epoch: 2, step: 6))
        for e in 2..<4 { epoch(resumed, e) }

        let a = dir.appendingPathComponent("straight.safetensors"), b = dir.appendingPathComponent("resumed.safetensors")
        let end = TrainingPosition(epoch: 4, step: 12)
        try Checkpoint.save(straight.network, optimizer: straight.optimizer, position: end, generator: straight.generator, to: a)
        try Checkpoint.save(resumed.network, optimizer: resumed.optimizer, position: end, generator: resumed.generator, to: b)
        XCTAssertEqual(try Data(contentsOf: a), try Data(contentsOf: b))
    }
}
