import XCTest
import Tensors
@testable import NeuralNet

final class DropoutTests: XCTestCase {
    func training(seed: UInt64) -> ForwardContext { ForwardContext(mode: .training, generator: Generator(seed: seed)) }

    func testEvaluationIsIdentity() {
        let layer = Dropout(0.5)
        let x = randomTensor([3, 4])
        XCTAssertEqual(layer.forward(x, .evaluation).array, x.array)
        let g = randomTensor([3, 4], seed: 2)
        XCTAssertEqual(layer.backward(g, .training).array, g.array)
        XCTAssertEqual(layer.outputShape(for: [3, 4]), [3, 4])
    }

    /// Element i is kept iff the i-th uniform of the generator is < 1 − p, then scaled by 1/(1 − p).
    func testTrainingMaskFollowsGeneratorInOrder() {
        let p: Float = 0.3
        let x = randomTensor([4, 5], seed: 3)
        let y = Dropout(p).forward(x, training(seed: 42))
        let draws = Generator(seed: 42)
        for i in 0..<x.count {
            let expected = draws.uniform() < 1 - p ? x.data[i] * (1 / (1 - p)) : 0
            XCTAssertEqual(y.data[i], expected, "element \(i)")
        }
        // Same seed, same mask; the layer drew exactly one uniform per element.
        XCTAssertEqual(Dropout(p).forward(x, training(seed: 42)).array, y.array)
        let generator = Generator(seed: 42)
        _ = Dropout(p).forward(x, ForwardContext(mode: .training, generator: generator))
        XCTAssertEqual(generator.next(), draws.next())
    }

    func testKeptFractionOnLargeTensor() {
        let x = Tensor(repeating: 1, shape: [100, 1000])
        let y = Dropout(0.3).forward(x, training(seed: 7))
        let kept = y.array.filter { $0 != 0 }
        // 10⁵ Bernoulli(0.7) draws: standard deviation of the fraction ≈ 0.0015.
        XCTAssertEqual(Double(kept.count) / 100_000, 0.7, accuracy: 0.01)
        XCTAssert(kept.allSatisfy { $0 == 1 / (1 - Float(0.3)) })
    }

    func testBackwardUsesTheForwardMask() {
        let layer = Dropout(0.5)
        let x = randomTensor([2, 6], seed: 4)
        let y = layer.forward(x, training(seed: 9))
        let g = randomTensor([2, 6], seed: 5)
        let dInput = layer.backward(g, .training)
        for i in 0..<x.count {
            XCTAssertEqual(dInput.data[i], y.data[i] == 0 ? 0 : g.data[i] * 2)
        }
    }

    func testGradientWithFixedSeed() {
        GradientCheck().check(Dropout(0.4), input: randomTensor([3, 8], seed: 6), mode: .training)
    }

    func testZeroAndOneProbability() {
        let x = randomTensor([2, 3])
        // p = 0 draws nothing, so no generator is needed.
        XCTAssertEqual(Dropout(0).forward(x, ForwardContext(mode: .training)).array, x.array)
        XCTAssertEqual(Dropout(1).forward(x, training(seed: 1)).array, [0, 0, 0, 0, 0, 0])
    }
}
