import XCTest
import Tensors
@testable import NeuralNet

final class BatchNormTests: XCTestCase {
    /// A BatchNorm with γ, β away from 1, 0 so the affine part is exercised too.
    func makeLayer(_ channels: Int) -> BatchNorm {
        let layer = BatchNorm(channels)
        for c in 0..<channels {
            layer.weight.value.data[c] = 0.5 + 0.3 * Float(c)
            layer.bias.value.data[c] = 0.2 - 0.1 * Float(c)
        }
        return layer
    }

    /// Running statistics no batch would produce, for evaluation-mode checks.
    func setRunningStatistics(_ layer: BatchNorm) {
        for c in 0..<layer.features {
            layer.runningMean.data[c] = 0.3 - 0.2 * Float(c)
            layer.runningVar.data[c] = 0.5 + 0.4 * Float(c)
        }
    }

    func testPyTorchStateAndInitialValues() {
        let layer = BatchNorm2d(4)
        XCTAssertEqual(layer.state.map(\.name),
                       ["weight", "bias", "running_mean", "running_var", "num_batches_tracked"])
        XCTAssertEqual(layer.state.map(\.entry.shape), [[4], [4], [4], [4], []])
        XCTAssertEqual(layer.weight.value.array, [1, 1, 1, 1])
        XCTAssertEqual(layer.bias.value.array, [0, 0, 0, 0])
        XCTAssertEqual(layer.runningMean.array, [0, 0, 0, 0])
        XCTAssertEqual(layer.runningVar.array, [1, 1, 1, 1])
        XCTAssertEqual(layer.numBatchesTracked.value, 0)
        XCTAssertEqual(layer.parameters.map(\.name), ["weight", "bias"])
        XCTAssertEqual(layer.outputShape(for: [2, 4, 3, 3]), [2, 4, 3, 3])
    }

    func testGradientsTraining2D() {
        GradientCheck().check(makeLayer(3), input: randomTensor([6, 3]), mode: .training)
    }

    func testGradientsTraining3D() {
        GradientCheck().check(makeLayer(3), input: randomTensor([4, 3, 5], seed: 2), mode: .training)
    }

    /// S = 20 positions: one 16-wide vector block plus a scalar tail in the channel sums.
    func testGradientsTraining4D() {
        GradientCheck().check(makeLayer(2), input: randomTensor([3, 2, 4, 5], seed: 3), mode: .training)
    }

    func testGradientsEvaluation2D() {
        let layer = makeLayer(3)
        setRunningStatistics(layer)
        GradientCheck().check(layer, input: randomTensor([6, 3]), mode: .evaluation)
    }

    func testGradientsEvaluation3D() {
        let layer = makeLayer(3)
        setRunningStatistics(layer)
        GradientCheck().check(layer, input: randomTensor([4, 3, 5], seed: 2), mode: .evaluation)
    }

    func testGradientsEvaluation4D() {
        let layer = makeLayer(2)
        setRunningStatistics(layer)
        GradientCheck().check(layer, input: randomTensor([3, 2, 4, 5], seed: 3), mode: .evaluation)
    }

    /// x (N=2, C=2, L=2): channel 0 holds {1, 2, 3, 6}, channel 1 holds {0, 4, −2, 2}.
    func testRunningStatisticsAfterTrainingSteps() {
        let layer = BatchNorm1d(2)
        let x = Tensor(shape: [2, 2, 2], values: [1, 2, 0, 4,
                                                   3, 6, -2, 2])
        let y = layer.forward(x, ForwardContext(mode: .training))
        // Channel 0: mean 3, Σ(x−3)² = 4+1+0+9 = 14, biased var 14/4 = 3.5, unbiased 14/3.
        // Channel 1: mean 1, Σ(x−1)² = 1+9+9+1 = 20, biased var 5, unbiased 20/3.
        // running_mean = 0.9·0 + 0.1·mean;  running_var = 0.9·1 + 0.1·unbiased.
        XCTAssertEqual(layer.runningMean[0], 0.3, accuracy: 1e-6)
        XCTAssertEqual(layer.runningMean[1], 0.1, accuracy: 1e-6)
        XCTAssertEqual(layer.runningVar[0], 1.3666667, accuracy: 1e-6)  // 0.9 + 0.1·14/3
        XCTAssertEqual(layer.runningVar[1], 1.5666667, accuracy: 1e-6)  // 0.9 + 0.1·20/3
        XCTAssertEqual(layer.numBatchesTracked.value, 1)
        // The output uses the biased variance: (1 − 3)/√(3.5 + 1e-5) = −1.0690434.
        XCTAssertEqual(y[0, 0, 0], -1.0690434, accuracy: 1e-6)
        XCTAssertEqual(y[1, 1, 0], -3 / (5 + 1e-5 as Float).squareRoot(), accuracy: 1e-6)

        _ = layer.forward(x, ForwardContext(mode: .training))
        XCTAssertEqual(layer.runningMean[0], 0.57, accuracy: 1e-6)        // 0.9·0.3 + 0.1·3
        XCTAssertEqual(layer.runningVar[0], 1.6966667, accuracy: 1e-6)    // 0.9·1.3666667 + 0.1·14/3
        XCTAssertEqual(layer.numBatchesTracked.value, 2)
    }

    func testEvaluationUsesRunningStatisticsAndLeavesThem() {
        let layer = makeLayer(3)
        setRunningStatistics(layer)
        let before = (layer.runningMean.array, layer.runningVar.array)
        let x = randomTensor([2, 3, 2, 2], seed: 7)
        let y = layer.forward(x, .evaluation)
        for i in 0..<2 { for c in 0..<3 { for h in 0..<2 { for w in 0..<2 {
            let expected = (x[i, c, h, w] - layer.runningMean[c]) / (layer.runningVar[c] + 1e-5).squareRoot()
                * layer.weight.value[c] + layer.bias.value[c]
            XCTAssertEqual(y[i, c, h, w], expected, accuracy: 1e-6)
        } } } }
        XCTAssertEqual(layer.runningMean.array, before.0)
        XCTAssertEqual(layer.runningVar.array, before.1)
        XCTAssertEqual(layer.numBatchesTracked.value, 0)
    }

    /// Against a Double reference on a channel whose mean (1000) dwarfs its spread (0.05), with
    /// S = 300 so the vector blocks, their Double flushes and the scalar tail are all used.
    func testStatisticsAccurateForLargeMeanAndLongRuns() {
        let n = 3, c = 2, s = 300
        let x = randomTensor([n, c, s], seed: 4)
        for i in 0..<x.count { x.data[i] = 1000 + 0.05 * x.data[i] }
        let layer = BatchNorm(c)
        let y = layer.forward(x, ForwardContext(mode: .training))
        for ch in 0..<c {
            var values: [Double] = []
            for i in 0..<n { for j in 0..<s { values.append(Double(x[i, ch, j])) } }
            let mean = values.reduce(0, +) / Double(values.count)
            let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
            let unbiased = squares / Double(values.count - 1)
            XCTAssertEqual(Double(layer.runningMean[ch]), 0.1 * mean, accuracy: 1e-4)
            XCTAssertEqual(Double(layer.runningVar[ch]), 0.9 + 0.1 * unbiased, accuracy: 1e-7)
            let invStd = 1 / (squares / Double(values.count) + 1e-5).squareRoot()
            for j in [0, 7, 255, 256, 299] {
                XCTAssertEqual(Double(y[1, ch, j]), (Double(x[1, ch, j]) - mean) * invStd, accuracy: 1e-3)
            }
        }
    }

    /// The input gradient of a long-run training batch against the textbook formula in Double.
    func testTrainingBackwardMatchesReferenceOnLongRuns() {
        let n = 2, c = 3, s = 77
        let layer = makeLayer(c)
        let x = randomTensor([n, c, s], seed: 8)
        let dy = randomTensor([n, c, s], seed: 9)
        _ = layer.forward(x, ForwardContext(mode: .training))
        let dx = layer.backward(dy, .training)
        let m = Double(n * s)
        for ch in 0..<c {
            var xs: [Double] = [], gs: [Double] = []
            for i in 0..<n { for j in 0..<s { xs.append(Double(x[i, ch, j])); gs.append(Double(dy[i, ch, j])) } }
            let mean = xs.reduce(0, +) / m
            let invStd = 1 / (xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / m + 1e-5).squareRoot()
            let xhat = xs.map { ($0 - mean) * invStd }
            let sumDy = gs.reduce(0, +)
            let sumDyXhat = zip(gs, xhat).reduce(0) { $0 + $1.0 * $1.1 }
            XCTAssertEqual(Double(layer.bias.grad[ch]), sumDy, accuracy: 1e-4)
            XCTAssertEqual(Double(layer.weight.grad[ch]), sumDyXhat, accuracy: 1e-4)
            let gamma = Double(layer.weight.value[ch])
            for (k, (i, j)) in [(0, 0), (0, 40), (1, 76)].enumerated() {
                let flat = i * s + j
                let expected = gamma * invStd / m * (m * gs[flat] - sumDy - xhat[flat] * sumDyXhat)
                XCTAssertEqual(Double(dx[i, ch, j]), expected, accuracy: 1e-5, "sample \(k)")
            }
        }
    }

    func testInputOnlyBackwardLeavesParameterGradients() {
        let layer = makeLayer(2)
        let x = randomTensor([4, 2, 3], seed: 5)
        _ = layer.forward(x, ForwardContext(mode: .training))
        _ = layer.backward(randomTensor([4, 2, 3], seed: 6), .inputOnly)
        XCTAssertEqual(layer.weight.grad.array, [0, 0])
        XCTAssertEqual(layer.bias.grad.array, [0, 0])
    }
}
