import XCTest
import NeuralNet
import Tensors
@testable import Attribution

/// Paper 001's method: the objective's gradient against finite differences, masks fixed by the
/// clean input, w kept in [0, 1], early stopping and the per-item noise rule.
final class InvariantPerturbationTests: XCTestCase {
    typealias Nets = HandBuiltImageNetworks

    /// conv (1→2, 2×2) on 3×3 images → relu → flatten → fc (8→3), random weights N(0, 0.5²):
    /// logits of order 1, so the softmax is not saturated and the hinge terms act.
    static func tinyCNN() -> Network {
        let generator = Generator(seed: 11)
        let root = Sequential([
            ("conv", Conv2d(1, 2, kernel: 2, generator: generator)), ("relu", ReLU()),
            ("flatten", Flatten()), ("fc", Linear(8, 3, generator: generator)),
        ])
        let network = Network(kind: "tiny-cnn", root: root, inputShape: [1, 3, 3])
        for (_, p) in network.parameters { generator.fillNormal(p.value, mean: 0, std: 0.5) }
        return network
    }

    /// Central differences of E in w against the analytic gradient, two items, fixed noise.
    /// D(h) = (E(w + h e_p) − E(w − h e_p)) / 2h has truncation error ≈ c h², so
    /// |D(h) − D(h/2)| ≈ ¾ c h² bounds D(h/2)'s; E is a sum of O(N·K) Float outputs of size ≤ 1
    /// accumulated in Double, so its rounding is ≲ 8·N·K·ε_Float, and D(h/2)'s ≲ that / (h/2).
    func testGradientMatchesFiniteDifferences() {
        for outputs in InvariantPerturbation.Outputs.allCases { checkGradient(outputs) }
    }

    func checkGradient(_ outputs: InvariantPerturbation.Outputs) {
        let network = Self.tinyCNN()
        let x = Nets.images(2, [1, 3, 3], seed: 5, mean: 0.5)
        let (samples, k) = (3, 3)
        let objective = InvarianceObjective(masks: UnitMasks(network, thresholds: [0], clean: x), tolerance: 1e-3,
                                            reward: 1, outputs: outputs, batchSize: 4)
        let noise = Tensor(uninitialized: [2 * samples, 1, 3, 3])
        Generator(seed: 7).fillUniform(noise, low: -1, high: 1)
        let w = Tensor(uninitialized: [2, 1, 3, 3])
        Generator(seed: 8).fillUniform(w, low: 0.2, high: 0.8)
        let (_, gradient) = objective.evaluate(inputs: x, items: [0, 1], w: w, noise: noise, samples: samples)

        func difference(_ item: Int, _ p: Int, _ h: Float) -> Double {
            let plus = w.copy(), minus = w.copy()
            plus.data[item * 9 + p] += h
            minus.data[item * 9 + p] -= h
            let ePlus = objective.evaluate(inputs: x, items: [0, 1], w: plus, noise: noise, samples: samples).values[item]
            let eMinus = objective.evaluate(inputs: x, items: [0, 1], w: minus, noise: noise, samples: samples).values[item]
            return (ePlus - eMinus) / Double(Float(plus.data[item * 9 + p]) - Float(minus.data[item * 9 + p]))
        }
        let h: Float = 4e-3
        // Logits are not bounded by 1: scale the rounding by the largest output.
        let scale = max(1, Double(objective.reference.array.map(abs).max() ?? 0) + 2)
        let rounding = 8 * Double(samples * k) * scale * Double(Float.ulpOfOne) / Double(h / 2)
        var largestHingePart = 0.0
        for item in 0..<2 {
            for p in 0..<9 {
                let coarse = difference(item, p, h), fine = difference(item, p, h / 2)
                let analytic = Double(gradient.data[item * 9 + p])
                let tolerance = abs(coarse - fine) + 4 * rounding
                XCTAssertEqual(analytic, fine, accuracy: tolerance, "\(outputs) item \(item) pixel \(p): coarse \(coarse)")
                XCTAssertLessThan(abs(coarse - fine), 5e-2 * max(abs(fine), 1e-2), "\(outputs) item \(item) pixel \(p): a kink between w ± h")
                largestHingePart = max(largestHingePart, abs(analytic + 1.0 / 9))
            }
        }
        XCTAssertGreaterThan(largestHingePart, 1e-2, "\(outputs): the hinge term never acted: the check would only see the reward")
    }

    /// flatten → fc1 (identity) → relu → fc2 (1, 1): S = relu(x_0) + relu(x_1).
    static func sumOfUnits() -> Network {
        let root = Sequential([
            ("flatten", Flatten()), ("fc1", Linear(2, 2, bias: false, generator: Generator(seed: 0))), ("relu", ReLU()),
            ("fc2", Linear(2, 1, bias: false, generator: Generator(seed: 0))),
        ])
        let network = Network(kind: "sum-of-units", root: root, inputShape: [1, 1, 2])
        HandBuiltNetworks.set(network, "fc1.weight", [1, 0, 0, 1])
        HandBuiltNetworks.set(network, "fc2.weight", [1, 1])
        return network
    }

    /// Clean items (0.1, 0.5) and (0.5, 0.1) with threshold 0.2: item 0 masks unit 0, item 1
    /// unit 1. The same perturbed row (0.9, 0.3) then gives 0.3 for item 0 and 0.9 for item 1
    /// (1.2 unmasked), and its gradient passes only through the unit its item kept.
    func testMasksFromTheCleanInputApplyToPerturbedOnes() {
        let network = Self.sumOfUnits()
        let clean = Tensor(shape: [2, 1, 1, 2], values: [0.1, 0.5, 0.5, 0.1])
        let masks = UnitMasks(network, thresholds: [0.2], clean: clean)
        XCTAssertEqual(masks.cleanOutput.array, [0.5, 0.5])
        let perturbed = Tensor(shape: [2, 1, 1, 2], values: [0.9, 0.3, 0.9, 0.3])
        XCTAssertEqual(network.forward(perturbed).array, [1.2, 1.2])
        XCTAssertEqual(masks.forward(perturbed, owners: [0, 1]).array, [0.3, 0.9])
        XCTAssertEqual(masks.backward(Tensor(repeating: 1, shape: [2, 1]), owners: [0, 1]).array, [0, 1, 1, 0])
        // With threshold 0 nothing positive is masked here, and a unit off on x stays off.
        let none = UnitMasks(network, thresholds: [0], clean: Tensor(shape: [1, 1, 1, 2], values: [-0.5, 0.5]))
        XCTAssertEqual(none.forward(Tensor(shape: [1, 1, 1, 2], values: [0.9, 0.3]), owners: [0]).array, [0.3])
        XCTAssertEqual(UnitMasks(network, thresholds: [], clean: clean).forward(perturbed, owners: [0, 1]).array, [1.2, 1.2])
    }

    /// `strided` reads 4 of the 16 pixels. With lr 0.2 unclipped amplitudes would pass 1 after
    /// 5 steps: the unread pixels must sit exactly at 1 and every value in [0, 1]. On logits
    /// (its softmax is saturated) noise on a read pixel moves S by more than a, so those fall
    /// below 0 and are clipped there.
    func testClippingKeepsAmplitudesInTheUnitInterval() {
        let method = InvariantPerturbation(samples: 8, steps: 40, learningRate: 0.2, maskThresholds: [0], patience: 0,
                                           outputs: .logits)
        let (network, inputs, _) = ImageAttributionTests.stridedPair()
        let result = method.optimize(network, inputs: inputs)
        XCTAssertEqual(result.stepsRun, [40, 40])
        let w = result.maps.array
        XCTAssertTrue(w.allSatisfy { $0 >= 0 && $0 <= 1 }, "\(w)")
        for item in 0..<2 {
            for p in 0..<16 where ![0, 2, 8, 10].contains(p) { XCTAssertEqual(w[item * 16 + p], 1, "item \(item) pixel \(p)") }
        }
        XCTAssertTrue(w.contains(0), "no amplitude was clipped at 0: \(w)")
    }

    func testEarlyStopAndPerItemNoise() {
        let network = Nets.mnistCNN(seed: 2)
        let images = Nets.images(3, [1, 8, 8], seed: 4, mean: 0.5)
        // The random network's logits move by a few hundredths under full noise: a = 0.005 lets the hinge act.
        let method = InvariantPerturbation(samples: 4, steps: 200, learningRate: 0.05, tolerance: 0.005, patience: 5, seed: 3, outputs: .logits)
        let batch = method.optimize(network, inputs: images)
        XCTAssertTrue(batch.stepsRun.allSatisfy { $0 < 200 && $0 >= 5 }, "\(batch.stepsRun)")
        XCTAssertTrue(batch.maps.array.contains { $0 < 1 }, "the hinge never acted: every w reached 1")
        for i in 0..<3 {
            let single = method.optimize(network, inputs: images.items(i..<i + 1))
            XCTAssertEqual(single.maps.array, batch.maps.items(i..<i + 1).array, "item \(i) depends on its batch")
            XCTAssertEqual(single.stepsRun, [batch.stepsRun[i]])
        }
        let other = InvariantPerturbation(samples: 4, steps: 200, learningRate: 0.05, tolerance: 0.005, patience: 5, seed: 4, outputs: .logits).optimize(network, inputs: images)
        XCTAssertNotEqual(other.maps.array, batch.maps.array, "another noise seed gave the same maps")
    }
}
