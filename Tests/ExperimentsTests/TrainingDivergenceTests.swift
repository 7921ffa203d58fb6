import Foundation
import XCTest
import Tensors
import NeuralNet
@testable import Experiments

final class TrainingDivergenceTests: XCTestCase {
    var root: URL!
    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("diverge-\(UUID().uuidString)")
    }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: root) }

    /// lr = 1e6 blows up within a few steps: training stops at that step with a message naming
    /// epoch, step, loss and learning rate; no NaN or infinity reaches a CSV, the failing epoch
    /// has no checkpoint, and the snapshots kept are finite.
    func testDivergedTrainingStopsNamingEpochStepLossAndRate() throws {
        let s = try TinySpec.make(["training.optimizer={\"kind\": \"sgd\", \"lr\": 1e6}", "training.snapshots.every=1"])
        let dir = RunDirectory(root)
        let runner = Runner(spec: s, directory: dir, environment: RunEnvironment(version: "test", gitCommit: nil, threads: 2),
                            stages: [TinyRegressionData(), TrainingStage()])
        XCTAssertThrowsError(try runner.run(force: false) { _ in }) { error in
            guard let divergence = error as? TrainingDivergence else { return XCTFail("\(error)") }
            let text = "\(divergence)"
            XCTAssertTrue(text.hasPrefix("training diverged in epoch \(divergence.epoch), step \(divergence.step): "), text)
            XCTAssertTrue(text.contains("learning rate 1000000.0"), text)
            XCTAssertTrue(text.contains("(loss "), text)
            XCTAssertFalse(dir.exists(RunDirectory.checkpointName(epoch: divergence.epoch)), "the failing epoch's checkpoint")
            for epoch in 1..<divergence.epoch {
                let network = s.model.build(inputShape: s.data.inputShape, outputs: 1, generator: Generator(seed: 0))
                try? Checkpoint.loadWeights(into: network, from: dir.root.appendingPathComponent(RunDirectory.checkpointName(epoch: epoch)))
                XCTAssertNil(network.firstNonFiniteState, "snapshot \(epoch)")
            }
        }
        for path in dir.allFiles() where path.hasSuffix(".csv") {
            let text = try String(contentsOf: dir.root.appendingPathComponent(path), encoding: .utf8).lowercased()
            XCTAssertFalse(text.contains("nan") || text.contains("inf"), "\(path): \(text)")
        }
    }

    func testCheckNamesTheNonFiniteWeight() throws {
        let network = MLP.make(sizes: [3, 4, 1], generator: Generator(seed: 1))
        XCTAssertNoThrow(try TrainingDivergence.check(network, loss: 0.5, epoch: 1, step: 1, learningRate: 0.1))
        XCTAssertThrowsError(try TrainingDivergence.check(network, loss: .infinity, epoch: 2, step: 7, learningRate: 0.5)) {
            XCTAssertTrue("\($0)".hasPrefix("training diverged in epoch 2, step 7: the training loss is not finite (loss inf, learning rate 0.5)"), "\($0)")
        }
        let (name, parameter) = network.parameters[0]
        parameter.value.data[2] = .nan
        XCTAssertThrowsError(try TrainingDivergence.check(network, loss: 0.5, epoch: 3, step: 9, learningRate: 0.5)) {
            XCTAssertTrue("\($0)".contains("weight '\(name)' (element 2 is nan) is not finite"), "\($0)")
        }
    }
}
