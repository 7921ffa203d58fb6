import XCTest
import NeuralNet
import Tensors
@testable import Attribution

final class TimeSmoothGradTests: XCTestCase {
    /// A ramp G_t = (t, 2t) over 8 steps.
    let ramp = Tensor(shape: [8, 2], values: (0..<8).flatMap { [Float($0), Float(2 * $0)] })

    func testPaperFormulaOnARampIncludingTheStart() {
        // k = 3, steps t−3 … t−1: M_0 = G_0 (nothing precedes step 0), M_1 = G_0,
        // M_2 = mean(G_0, G_1), then M_t = mean(G_{t−3}, G_{t−2}, G_{t−1}) = t − 2.
        let m = TimeSmoothGrad.trailingAverage(ramp, window: 3, includeCurrent: false)
        let expected: [Float] = [0, 0, 0.5, 1, 2, 3, 4, 5]
        XCTAssertEqual((0..<8).map { m[$0, 0] }, expected)
        XCTAssertEqual((0..<8).map { m[$0, 1] }, expected.map { 2 * $0 })
    }

    func testIncludingTheCurrentStepOnARamp() {
        // k = 3, steps t−2 … t: M_0 = G_0, M_1 = mean(G_0, G_1), then M_t = t − 1.
        let m = TimeSmoothGrad.trailingAverage(ramp, window: 3, includeCurrent: true)
        XCTAssertEqual((0..<8).map { m[$0, 0] }, [0, 0.5, 1, 2, 3, 4, 5, 6])
    }

    func testWindowOneIsTheGradientItselfOrItsPredecessor() {
        XCTAssertEqual(TimeSmoothGrad.trailingAverage(ramp, window: 1, includeCurrent: true).array, ramp.array)
        let shifted = TimeSmoothGrad.trailingAverage(ramp, window: 1, includeCurrent: false)
        XCTAssertEqual((0..<8).map { shifted[$0, 0] }, [0, 0, 1, 2, 3, 4, 5, 6])
    }

    func testRunningSumEqualsTheNaiveAverage() {
        let g = Tensor(uninitialized: [200, 5])
        Generator(seed: 11).fillNormal(g, mean: 0.5, std: 3)
        for k in [1, 2, 7, 50, 199, 300] {
            for includeCurrent in [false, true] {
                let fast = TimeSmoothGrad.trailingAverage(g, window: k, includeCurrent: includeCurrent)
                let naive = naiveAverage(g, window: k, includeCurrent: includeCurrent)
                XCTAssertLessThan(fast.maxAbsDifference(naive), 1e-5, "k \(k) includeCurrent \(includeCurrent)")
            }
        }
    }

    func testSmoothsTheGradientOfTheNetwork() {
        let network = HandBuiltNetworks.oneHiddenReLU()
        let x = Tensor(uninitialized: [30, 2])
        Generator(seed: 4).fillNormal(x)
        let method = TimeSmoothGrad(window: 5)
        XCTAssertEqual(method.name, "time-smoothgrad")
        let maps = method.attribute(network, inputs: x, target: .output(index: 0))
        let gradients = Gradient().attribute(network, inputs: x, target: .output(index: 0))
        XCTAssertEqual(maps.array, TimeSmoothGrad.trailingAverage(gradients, window: 5, includeCurrent: false).array)
    }

    /// M_t straight from the definition: O(T·D·k).
    func naiveAverage(_ g: Tensor, window k: Int, includeCurrent: Bool) -> Tensor {
        let (n, d) = (g.shape[0], g.shape[1])
        let result = Tensor(zeros: g.shape)
        for t in 0..<n {
            let end = includeCurrent ? t + 1 : t
            let steps = end == 0 ? [0] : Array(max(0, end - k)..<end)
            for j in 0..<d {
                var s = 0.0
                for i in steps { s += Double(g[i, j]) }
                result[t, j] = Float(s / Double(steps.count))
            }
        }
        return result
    }
}
