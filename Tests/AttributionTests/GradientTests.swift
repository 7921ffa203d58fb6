import XCTest
import Datasets
import NeuralNet
import Tensors
@testable import Attribution

final class GradientTests: XCTestCase {
    func testLinearNetworkGivesItsWeightsAtEveryStep() {
        let network = HandBuiltNetworks.linear(weights: [0.5, -2, 3], bias: 0.7)
        let x = Tensor(uninitialized: [6, 3])
        Generator(seed: 1).fillNormal(x)
        let maps = Gradient().attribute(network, inputs: x, target: .output(index: 0))
        XCTAssertEqual(maps.shape, [6, 3])
        for t in 0..<6 { XCTAssertEqual([maps[t, 0], maps[t, 1], maps[t, 2]], [0.5, -2, 3]) }
    }

    func testOneHiddenReLULayerByHand() {
        // Hidden pre-activations h = (x0 − x1, 2 x0 + x1 − 1); ∂y/∂x = Σ_j w2_j [h_j > 0] W1_j.
        let x = Tensor(shape: [3, 2], values: [1, 0.5,     // h = (0.5, 1.5): 3·(1, −1) − 2·(2, 1)
                                               -1, 0.5,    // h = (−1.5, −2.5): both off
                                               0.2, 1])    // h = (−0.8, 0.4): −2·(2, 1)
        let maps = Gradient().attribute(HandBuiltNetworks.oneHiddenReLU(), inputs: x, target: .output(index: 0))
        XCTAssertEqual(maps.array, [-1, -5, 0, 0, -4, -2])
    }

    func testNoAbsoluteValueIsTaken() {
        let network = HandBuiltNetworks.linear(weights: [-1, -4], bias: 0)
        let maps = Gradient().attribute(network, inputs: Tensor(zeros: [1, 2]), target: .output(index: 0))
        XCTAssertEqual(maps.array, [-1, -4])
    }

    func testChunkingDoesNotChangeTheMaps() {
        let network = MLP.make(sizes: [4, 8, 8, 1], generator: Generator(seed: 2))
        let x = Tensor(uninitialized: [37, 4])
        Generator(seed: 3).fillNormal(x)
        let whole = Gradient(batchSize: 1024).attribute(network, inputs: x, target: .output(index: 0))
        let chunked = Gradient(batchSize: 5).attribute(network, inputs: x, target: .output(index: 0))
        XCTAssertEqual(whole.array, chunked.array)
    }

    func testClassTargetPicksEachItemsOutput() {
        // Two outputs with weight rows (1, 2) and (3, 4): item 0 explains class 1, item 1 class 0.
        let network = MLP.make(sizes: [2, 2], generator: Generator(seed: 0))
        HandBuiltNetworks.set(network, "fc1.weight", [1, 2, 3, 4])
        let x = Tensor(zeros: [3, 2])
        let maps = Gradient(batchSize: 2).attribute(network, inputs: x, target: .classes([1, 0, 1]))
        XCTAssertEqual(maps.array, [3, 4, 1, 2, 3, 4])
        let second = Gradient().attribute(network, inputs: x, target: .output(index: 1))
        XCTAssertEqual(second.array, [3, 4, 3, 4, 3, 4])
    }

    func testRawInputGradientMatchesFiniteDifferencesOfTheRawPrediction() {
        // y_raw(x) = μ_y + σ_y f((x − μ_x)/σ_x); its slope is (σ_y/σ_x) f'.
        let network = HandBuiltNetworks.oneHiddenReLU()
        let z = Standardization(inputMean: [0.3, -0.2], inputStd: [2, 0.5], targetMean: 1, targetStd: 3)
        let raw: [Float] = [2.3, 0.05]  // standardised: (1, 0.5), both hidden units on
        let standardized = z.standardizedInputs(Tensor(shape: [1, 2], values: raw))
        let maps = z.rawInputGradient(Gradient().attribute(network, inputs: standardized, target: .output(index: 0)))
        func predict(_ x: [Float]) -> Double {
            let out = network.forward(z.standardizedInputs(Tensor(shape: [1, 2], values: x)))
            return Double(z.rawTargets(out).array[0])
        }
        let h: Float = 1e-2
        for d in 0..<2 {
            var up = raw, down = raw
            up[d] += h
            down[d] -= h
            let slope = (predict(up) - predict(down)) / Double(2 * h)
            XCTAssertEqual(Double(maps[0, d]), slope, accuracy: 1e-3)
        }
        XCTAssertEqual(maps.array, [-1 * 3 / 2, -5 * 3 / 0.5])
    }
}
