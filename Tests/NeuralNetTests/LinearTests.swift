import XCTest
import Tensors
@testable import NeuralNet

final class LinearTests: XCTestCase {
    func testHandComputedForward() {
        let layer = Linear(2, 1, generator: Generator(seed: 0))
        layer.weight.value = Tensor(shape: [1, 2], values: [2, -1])
        layer.bias!.value.data[0] = 0.5
        let y = layer.forward(Tensor(shape: [2, 2], values: [1, 1, 3, 2]), .evaluation)
        XCTAssertEqual(y.array, [1.5, 4.5])
    }

    func testGradients() {
        let layer = Linear(7, 5, generator: Generator(seed: 3))
        for mode in [Mode.training, .evaluation] {
            GradientCheck(label: "\(mode)").check(layer, input: randomTensor([4, 7]), mode: mode)
        }
    }

    func testPyTorchNamesAndShapes() {
        let layer = Linear(9216, 128, generator: Generator(seed: 0))
        XCTAssertEqual(layer.state.map(\.name), ["weight", "bias"])
        XCTAssertEqual(layer.weight.shape, [128, 9216])
    }
}

final class ReLUTests: XCTestCase {
    /// x = [−1, 2, 3, −4], incoming g = [0.5, −0.25, 1, −2].
    func testBackwardRulesOnHandComputedCase() {
        let relu = ReLU()
        let x = Tensor(shape: [1, 4], values: [-1, 2, 3, -4])
        let g = Tensor(shape: [1, 4], values: [0.5, -0.25, 1, -2])
        XCTAssertEqual(relu.forward(x, .evaluation).array, [0, 2, 3, 0])
        let expected: [ReLURule: [Float]] = [
            .standard: [0, -0.25, 1, 0],     // g where x > 0
            .deconvnet: [0.5, 0, 1, 0],      // positive g, whatever x
            .guided: [0, 0, 1, 0],           // x > 0 and g > 0
            .guidedMinus: [0, -0.25, 0, 0],  // x > 0 and g < 0
        ]
        for rule in ReLURule.allCases {
            XCTAssertEqual(relu.backward(g, BackwardOptions(reluRule: rule)).array, expected[rule], "\(rule)")
        }
    }

    func testGradient() {
        for mode in [Mode.training, .evaluation] {
            GradientCheck(label: "\(mode)").check(ReLU(), input: randomTensor([3, 10], margin: 0.05), mode: mode)
        }
    }
}
