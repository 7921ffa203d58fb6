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

    /// Int(Float) traps on NaN and on values past Int's range: targets are checked first.
    func testTargetsMustBeWholeNumbersAndClassesOfTheSpec() throws {
        let regression = try TinySpec.make()
        for (value, shown) in [(Float.nan, "nan"), (1e30, "1e+30"), (0.5, "0.5")] {
            XCTAssertThrowsError(try Explanation.targets(Tensor(shape: [2], values: [0, value]), count: 2, regression, file: "t.npy")) {
                XCTAssertEqual("\($0)", "t.npy: target 1 is \(shown), expected a whole number")
            }
        }
        XCTAssertThrowsError(try Explanation.targets(Tensor(shape: [1], values: [0]), count: 2, regression, file: "t.npy")) {
            XCTAssertEqual("\($0)", "t.npy: 1 targets for 2 inputs")
        }
        var doc = SpecDocument(file: "h.json", root: try JSONValue.parse(Data(
            #"{"name": "h", "study": "activation-maximization", "data": {"kind": "synthetic-har"}, "model": {"kind": "sfhf-cnn"}}"#.utf8)))
        try doc.set("seed=1")
        let har = try ExperimentSpec(doc.reader)
        guard case .classification(let classes) = har.data.task else { return XCTFail("\(har.data.task)") }
        XCTAssertEqual(try Explanation.targets(Tensor(shape: [2], values: [0, Float(classes - 1)]), count: 2, har, file: "t.npy"),
                       [0, classes - 1])
        XCTAssertThrowsError(try Explanation.targets(Tensor(shape: [1], values: [Float(classes)]), count: 1, har, file: "t.npy")) {
            XCTAssertEqual("\($0)", "t.npy: target 0 is \(classes), expected a class 0…\(classes - 1)")
        }
    }
}
