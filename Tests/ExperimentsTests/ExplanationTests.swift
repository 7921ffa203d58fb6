import Foundation
import XCTest
import Tensors
import NeuralNet
@testable import Experiments

/// `driftlab attribute` / `compare` refuse non-finite weights and inputs, naming the tensor.
final class ExplanationTests: XCTestCase {
    func testNonFiniteWeightsAreRefusedNamingTheTensor() throws {
        let s = try TinySpec.make()
        let network = s.model.build(inputShape: s.data.inputShape, outputs: 1, generator: Generator(seed: 3))
        let (name, parameter) = network.parameters[1]
        parameter.value.data[0] = .infinity
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("nonfinite-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try Checkpoint.save(network, optimizer: nil, position: nil, generator: nil, to: url)
        XCTAssertThrowsError(try Explanation.network(s, checkpoint: url)) { error in
            XCTAssertTrue(error is InputFileError, "\(error)")
            XCTAssertEqual("\(error)", "\(url.path): tensor '\(name)' is not finite (element 0 is inf)")
        }
    }

    func testNonFiniteInputsAreRefusedNamingTheInput() throws {
        let s = try TinySpec.make()
        let x = Tensor(zeros: [3, 3])
        x.data[7] = .nan
        XCTAssertThrowsError(try Explanation.checkInputs(x, s, file: "x.npy")) {
            XCTAssertEqual("\($0)", "x.npy: input 2 is not finite (element 7 is nan)")
        }
        XCTAssertThrowsError(try Explanation.checkInputs(Tensor(zeros: [3, 4]), s, file: "x.npy")) {
            XCTAssertEqual("\($0)", "x.npy: expected shape (N, 3), got [3, 4]")
        }
    }
}
