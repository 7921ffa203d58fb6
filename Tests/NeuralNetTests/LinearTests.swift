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

    /// −0 and NaN where the vector body runs (positions < 32 of 37) and where the scalar tail
    /// does (≥ 32): the same result in both — −0 and NaN pass forward, and backward's standard
    /// rule passes the gradient where the output is NaN — as BatchNorm's fused epilogue gives.
    func testVectorBodyAndScalarTailAgreeOnNegativeZeroAndNaN() {
        var values = (0..<37).map { Float($0 % 5) - 2 }
        for i in [3, 33] { values[i] = -0.0 }
        for i in [20, 35] { values[i] = .nan }
        let relu = ReLU()
        let y = relu.forward(Tensor(shape: [37], values: values), .evaluation).array
        for i in [3, 33] { XCTAssertEqual(y[i].bitPattern, (-0.0 as Float).bitPattern, "position \(i)") }
        for i in [20, 35] { XCTAssertTrue(y[i].isNaN, "position \(i)") }
        XCTAssertEqual(y[0], 0)
        XCTAssertEqual(y[4], 2)
        let dInput = relu.backward(Tensor(repeating: 7, shape: [37]), .inputOnly).array
        for i in [20, 35] { XCTAssertEqual(dInput[i], 7, "position \(i)") }
        for i in [3, 33, 0] { XCTAssertEqual(dInput[i], 0, "position \(i)") }
    }

    func testGradient() {
        for mode in [Mode.training, .evaluation] {
            GradientCheck(label: "\(mode)").check(ReLU(), input: randomTensor([3, 10], margin: 0.05), mode: mode)
        }
    }
}
