import XCTest
import NeuralNet
import Tensors
@testable import Attribution

final class ActivationMaximizationTests: XCTestCase {
    // MARK: regularisers by hand

    func testL2ByHand() {
        let r = ActivationRegularizer.l2([3, -4])
        XCTAssertEqual(r.value, 5)
        XCTAssertEqual(r.gradient, [0.6, -0.8])
        XCTAssertEqual(ActivationRegularizer.l2([0, 0]).gradient, [0, 0])
    }

    func testTotalVariationByHand() {
        // |1−3| + |3−3| + |3−0| = 5; the tie 3 = 3 takes subgradient 0.
        let r = ActivationRegularizer.totalVariation([1, 3, 3, 0])
        XCTAssertEqual(r.value, 5)
        XCTAssertEqual(r.gradient, [-1, 1, 1, -1])
    }

    func testAmplitudePenaltyByHand() {
        // Only |2| and |−3| exceed 1.5: 0.5 + 1.5.
        let r = ActivationRegularizer.amplitudePenalty([1, 2, -3, 1.5], threshold: 1.5)
        XCTAssertEqual(r.value, 2)
        XCTAssertEqual(r.gradient, [0, 1, -1, 0])
    }

    func testExcessActivationPenaltyByHand() {
        // Values above 1: 2 and 4 → mean of (1, 3) = 2; gradient 1/2 on each.
        let r = ActivationRegularizer.excessActivationPenalty([0.5, 2, 4, 1], threshold: 1)
        XCTAssertEqual(r.value, 2)
        XCTAssertEqual(r.gradient, [0, 0.5, 0.5, 0])
        XCTAssertEqual(ActivationRegularizer.excessActivationPenalty([0.5], threshold: 1).value, 0)
    }

    func testTensorFormsKeepTheShape() {
        let r = ActivationRegularizer.totalVariation(Tensor(shape: [1, 3], values: [0, 1, 0]))
        XCTAssertEqual(r.value, 2)
        XCTAssertEqual(r.gradient.shape, [1, 3])
        XCTAssertEqual(r.gradient.array, [-1, 2, -1])
    }

    func testGradientsMatchFiniteDifferences() {
        // Points away from every kink, so central differences are exact up to rounding.
        let x: [Float] = [0.3, -1.2, 2.1, 0.7, -1.9, 1.6]
        let cases: [(String, ([Float]) -> ActivationRegularizer.ValueAndGradient)] = [
            ("l2", ActivationRegularizer.l2),
            ("tv", ActivationRegularizer.totalVariation),
            ("aap", { ActivationRegularizer.amplitudePenalty($0, threshold: 1.5) }),
            ("eap", { ActivationRegularizer.excessActivationPenalty($0, threshold: 0.5) }),
        ]
        let h: Float = 1e-3
        for (name, f) in cases {
            let g = f(x).gradient
            for t in x.indices {
                var up = x, down = x
                up[t] += h
                down[t] -= h
                let numeric = (f(up).value - f(down).value) / (2 * h)
                XCTAssertEqual(g[t], numeric, accuracy: 2e-3, "\(name) at \(t)")
            }
        }
    }

    func testEAPThresholdIsMeanPlusTwoSigmaOfNonZeros() throws {
        // Non-zeros 1, 2, 3, 4: μ = 2.5, σ² = (2.25 + 0.25 + 0.25 + 2.25)/4 = 1.25.
        let th = try XCTUnwrap(EAPThreshold.fit([0, 1, 0, 2, 3, 0, 4]))
        XCTAssertEqual(th, 2.5 + 2 * Float(1.25).squareRoot(), accuracy: 1e-6)
        XCTAssertNil(EAPThreshold.fit([0, 0]))
    }

    // MARK: the optimiser on a hand-built network

    /// Input (axes, time) → unflatten (1, axes, time) → one 1×5 filter (shared over axes) → ReLU.
    static func filterNetwork(filter: [Float], bias: Float = 0, axes: Int = 1, time: Int = 15) -> Network {
        let root = Sequential([
            ("unflatten", Unflatten([1, axes, time])),
            ("conv1", Conv2d(1, 1, kernel: (1, 5), generator: Generator(seed: 0))), ("relu1", ReLU()),
        ])
        let network = Network(kind: "test", root: root, inputShape: [axes, time])
        HandBuiltNetworks.set(network, "conv1.weight", filter)
        HandBuiltNetworks.set(network, "conv1.bias", [bias])
        return network
    }

    func testClippingGradientIsZeroAboveTheThreshold() {
        // Filter [0,0,1,0,0] copies x[t+2]; at x = 2·ones every value 2 > th = 1 is clipped, so
        // f has no gradient left and only the regularisers (scaled by w) remain.
        let network = Self.filterNetwork(filter: [0, 0, 1, 0, 0], time: 9)
        let x = [Float](repeating: 2, count: 9)
        let clip = ActivationMaximization(variant: .l2TVClip, weight: 1)
        let (objective, g) = clip.evaluate(network, x, layer: "relu1", unit: 0, threshold: 1, axes: 1)
        let l2 = ActivationRegularizer.l2(x)
        for t in 0..<9 { XCTAssertEqual(g[t], -l2.gradient[t], accuracy: 1e-6) }
        XCTAssertEqual(objective, 1 - l2.value, accuracy: 1e-5)  // f is the clipped mean, th
        // Without clipping the same point has ∂f/∂x = 1/5 on the five copied positions.
        let plain = ActivationMaximization(variant: .l2TV, weight: 1)
        let (_, g2) = plain.evaluate(network, x, layer: "relu1", unit: 0, threshold: 1, axes: 1)
        XCTAssertEqual(g2[4] + l2.gradient[4], 0.2, accuracy: 1e-6)
    }

    func testMaximizationRaisesTheUnitAndFindsItsFilter() throws {
        let filter: [Float] = [-1, -0.5, 0, 0.5, 1]  // a rising edge
        let network = Self.filterNetwork(filter: filter, axes: 2)
        let am = ActivationMaximization(variant: .l2TV, steps: 400, learningRate: 0.05, decay: 0.995, weight: 0.1, axis: 1)
        let start = ActivationMaximization(variant: .l2TV, steps: 0, axis: 1)
            .run(network, layer: "relu1", unit: 0, threshold: 10)
        let result = am.run(network, layer: "relu1", unit: 0, threshold: 10)
        let mean = { (a: [Float]) in a.reduce(0, +) / Float(a.count) }
        XCTAssertEqual(result.featureMap.count, 11)
        XCTAssertGreaterThan(mean(result.featureMap), 5 * mean(start.featureMap))
        XCTAssertEqual(result.activationRatio, result.maxActivation / 10)
        // The window under the strongest activation looks like the filter.
        let k = try XCTUnwrap(result.featureMap.indices.max { result.featureMap[$0] < result.featureMap[$1] })
        let window = Array(result.signal[k..<(k + 5)])
        XCTAssertGreaterThan(Self.correlation(window, filter), 0.9)
    }

    func testClippedEAPVariantKeepsTheUnitNearItsThreshold() {
        let network = Self.filterNetwork(filter: [-1, -0.5, 0, 0.5, 1])
        let th: Float = 0.25
        let free = ActivationMaximization(variant: .l2TV, steps: 400, learningRate: 0.05)
            .run(network, layer: "relu1", unit: 0, threshold: th)
        let proposed = ActivationMaximization(variant: .l2TVEAPClip, steps: 400, learningRate: 0.05)
            .run(network, layer: "relu1", unit: 0, threshold: th)
        XCTAssertGreaterThan(free.activationRatio, 2)
        XCTAssertLessThan(proposed.activationRatio, free.activationRatio)
        XCTAssertLessThan(proposed.activationRatio, 1.5)
    }

    func testUnitActivationsCollectEveryAxisAndPosition() {
        let network = Self.filterNetwork(filter: [0, 0, 1, 0, 0], axes: 2, time: 6)
        let inputs = Tensor(shape: [2, 2, 6], values: (0..<24).map(Float.init))
        let values = ActivationMaximization.unitActivations(network, layer: "relu1", unit: 0, inputs: inputs, batchSize: 1)
        XCTAssertEqual(values, [2, 3, 8, 9, 14, 15, 20, 21])
    }

    static func correlation(_ a: [Float], _ b: [Float]) -> Float {
        let ma = a.reduce(0, +) / Float(a.count), mb = b.reduce(0, +) / Float(b.count)
        var sab: Float = 0, saa: Float = 0, sbb: Float = 0
        for i in a.indices {
            sab += (a[i] - ma) * (b[i] - mb)
            saa += (a[i] - ma) * (a[i] - ma)
            sbb += (b[i] - mb) * (b[i] - mb)
        }
        return sab / (saa * sbb).squareRoot()
    }
}

final class ActivationMaximizationSFHFTests: XCTestCase {
    /// ∇J from one backward pass (EAP seeded at the layer) against central differences of J,
    /// on paper 004's model with random weights and a random signal (away from kinks).
    func testObjectiveGradientMatchesFiniteDifferences() {
        let generator = Generator(seed: 11)
        let network = SFHFCNN.make(inputShape: [3, 20], classes: 4, filters: 4, hidden: 8, generator: generator)
        let x = (0..<20).map { _ in generator.normal() }
        for variant in ActivationMaximization.Variant.allCases {
            let am = ActivationMaximization(variant: variant, weight: 0.1, aapThreshold: 0.5, axis: 2)
            let (_, g) = am.evaluate(network, x, layer: "relu2", unit: 1, threshold: 0.3, axes: 3)
            let h: Float = 1e-3
            for t in [0, 5, 9, 13, 19] {
                var up = x, down = x
                up[t] += h
                down[t] -= h
                let jUp = am.evaluate(network, up, layer: "relu2", unit: 1, threshold: 0.3, axes: 3).objective
                let jDown = am.evaluate(network, down, layer: "relu2", unit: 1, threshold: 0.3, axes: 3).objective
                XCTAssertEqual(g[t], (jUp - jDown) / (2 * h), accuracy: 3e-3, "\(variant) at \(t)")
            }
        }
        // The case exercises EAP and clipping: the unit's map has values on both sides of th.
        let am = ActivationMaximization(axis: 2)
        _ = am.evaluate(network, x, layer: "relu2", unit: 1, threshold: 0.3, axes: 3)
        let map = am.unitIndices(network.activation(at: "relu2"), unit: 1, axes: 3).map { network.activation(at: "relu2").data[$0] }
        XCTAssertTrue(map.contains { $0 > 0.3 } && map.contains { $0 > 0 && $0 < 0.3 }, "\(map)")
    }

    func testRunsOnTheSharedFilterModelAndReportsTheRatio() throws {
        let network = SFHFCNN.make(inputShape: [6, 30], classes: 5, filters: 8, hidden: 16, generator: Generator(seed: 2))
        let inputs = Tensor(uninitialized: [4, 6, 30])
        Generator(seed: 3).fillNormal(inputs)
        let values = ActivationMaximization.unitActivations(network, layer: "relu3", unit: 2, inputs: inputs)
        XCTAssertEqual(values.count, 4 * 6 * 18)
        let th = try XCTUnwrap(EAPThreshold.fit(values))
        let result = ActivationMaximization(variant: .l2TVEAPClip, steps: 20, learningRate: 0.01)
            .run(network, layer: "relu3", unit: 2, threshold: th)
        XCTAssertEqual(result.signal.count, 30)
        XCTAssertEqual(result.featureMap.count, 18)
        XCTAssertEqual(result.activationRatio, result.maxActivation / th, accuracy: 1e-6)
    }

    // MARK: the pipeline's fast paths give the reference answers

    /// A trained-looking SFHF-CNN and random windows, shared by the tests below.
    func sharedFilterModel() -> (Network, Tensor) {
        let network = SFHFCNN.make(inputShape: [6, 30], classes: 5, filters: 8, hidden: 16, generator: Generator(seed: 2))
        let inputs = Tensor(uninitialized: [5, 6, 30])
        Generator(seed: 3).fillNormal(inputs)
        return (network, inputs)
    }

    func testSingleAxisTrunkGivesTheWholeNetworksResultForEveryUnit() {
        // One axis in the trunk = that axis in the whole network with the others at 0.
        let (network, _) = sharedFilterModel()
        let trunk = SFHFCNN.singleAxisTrunk(of: network, through: "relu3")
        XCTAssertEqual(trunk.inputShape, [1, 30])
        let am = ActivationMaximization(variant: .l2TVEAP, steps: 15, learningRate: 0.05)
        for unit in [0, 5] {
            let whole = am.run(network, layer: "relu3", unit: unit, threshold: 0.2)
            let alone = am.run(trunk, layer: "relu3", unit: unit, threshold: 0.2)
            XCTAssertEqual(whole.featureMap.count, alone.featureMap.count)
            for (a, b) in zip(whole.signal, alone.signal) { XCTAssertEqual(a, b, accuracy: 1e-5) }
            for (a, b) in zip(whole.featureMap, alone.featureMap) { XCTAssertEqual(a, b, accuracy: 1e-5) }
            XCTAssertEqual(whole.objective, alone.objective, accuracy: 1e-5)
        }
    }

    func testBatchedUnitsEqualOneRunPerUnit() {
        let (network, _) = sharedFilterModel()
        let trunk = SFHFCNN.singleAxisTrunk(of: network, through: "relu2")
        for variant in ActivationMaximization.Variant.allCases {
            let am = ActivationMaximization(variant: variant, steps: 25, learningRate: 0.5)
            let units = [1, 3, 4], thresholds: [Float] = [0.1, 0.3, 0.05]
            let batch = am.run(trunk, layer: "relu2", units: units, thresholds: thresholds)
            for (k, unit) in units.enumerated() {
                let single = am.run(trunk, layer: "relu2", unit: unit, threshold: thresholds[k])
                for (a, b) in zip(batch[k].signal, single.signal) { XCTAssertEqual(a, b, accuracy: 1e-5, "\(variant) unit \(unit)") }
                XCTAssertEqual(batch[k].maxActivation, single.maxActivation, accuracy: 1e-5)
                XCTAssertEqual(batch[k].objective, single.objective, accuracy: 1e-5)
            }
        }
    }

    func testUnitThresholdsOfEveryLayerMatchTheOneUnitFit() throws {
        let (network, inputs) = sharedFilterModel()
        let all = UnitThresholds.fit(network, layers: ["relu1", "relu3"], inputs: inputs, batchSize: 2)
        XCTAssertEqual(all["relu1"]?.count, 8)
        for layer in ["relu1", "relu3"] {
            for unit in 0..<8 {
                let values = ActivationMaximization.unitActivations(network, layer: layer, unit: unit, inputs: inputs)
                let expected = EAPThreshold.fit(values)
                let got = try XCTUnwrap(all[layer])[unit]
                XCTAssertEqual(got == nil, expected == nil, "\(layer) unit \(unit)")
                if let got, let expected { XCTAssertEqual(got, expected, accuracy: 1e-4 * max(1, expected)) }
            }
        }
    }
}
