import Foundation
import XCTest
import Tensors
import NeuralNet
@testable import Experiments

final class CheckpointComparisonTests: XCTestCase {
    /// A spec whose maps are not images (here (N, F) of an MLP) used to trap in DriftStage.pair,
    /// which indexes four axes; now compare refuses it, saying why.
    func testNonImageMapsAreRefusedInsteadOfTrapping() throws {
        let s = try TinySpec.make()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("compare-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let checkpoint = folder.appendingPathComponent("a.safetensors")
        let network = s.model.build(inputShape: s.data.inputShape, outputs: 1, generator: Generator(seed: 2))
        try Checkpoint.save(network, optimizer: nil, position: nil, generator: nil, to: checkpoint)
        XCTAssertThrowsError(try CheckpointComparison.run(spec: s, a: checkpoint, b: checkpoint, methods: ["gradient"],
                                                          inputs: Tensor(zeros: [2, 3]), targets: nil,
                                                          out: folder.appendingPathComponent("out"))) {
            XCTAssertEqual("\($0)", "compare measures image maps (N, C, H, W); gradient gave maps of shape [2, 3] for the spec's inputs [3]")
        }
    }
}
