import XCTest
import NeuralNet
import Tensors
@testable import Attribution

/// The pieces behind the table's rows: channel reduction, SmoothGrad's noise, integrated
/// gradients' quadrature, and that batching never changes a map.
final class ImageMethodOptionsTests: XCTestCase {
    typealias Nets = HandBuiltImageNetworks

    func testChannelReductions() {
        // One item, three channels, two pixels: (1, −5, 4) and (−2, 3, 0).
        let maps = Tensor(shape: [1, 3, 1, 2], values: [1, -2, -5, 3, 4, 0])
        XCTAssertEqual(ChannelReduction.none.apply(maps).array, maps.array)
        XCTAssertEqual(ChannelReduction.sum.apply(maps).shape, [1, 1, 1, 2])
        XCTAssertEqual(ChannelReduction.sum.apply(maps).array, [0, 1])
        XCTAssertEqual(ChannelReduction.maxAbs.apply(maps).array, [5, 3])
    }

    /// `noise: "absolute"` (Captum's `stdevs`): the same σ for items of any range, so both items
    /// get the very same noise.
    func testSmoothGradAbsoluteNoiseIsTheSameForEveryItem() {
        var values = [Float](repeating: 0, count: 2 * 16)
        values[1] = 2; values[16] = -5; values[17] = 5
        let x = Tensor(shape: [2, 1, 4, 4], values: values)
        let method = SmoothGrad(samples: 400, noiseStd: 0.5)
        let a = method.noisyCopies(of: x, item: 0), b = method.noisyCopies(of: x, item: 1)
        var squares = 0.0
        for j in 0..<400 { for e in 0..<16 {
            let noiseA = a.element(j * 16 + e) - values[e], noiseB = b.element(j * 16 + e) - values[16 + e]
            // x + σz rounds once; the two noises differ by at most that rounding of values ≤ |x| + |σz|.
            XCTAssertEqual(noiseA, noiseB, accuracy: 2 * Float.ulpOfOne * (6 + abs(noiseA)))
            squares += Double(noiseA * noiseA)
        }}
        XCTAssertEqual((squares / Double(400 * 16)).squareRoot(), 0.5, accuracy: 0.03 * 0.5)
    }

    func testSmoothGradNoiseFollowsEachItemsRange() {
        // Item 0 spans [0, 2], item 1 [−5, 5]: σ = 0.15 · 2 = 0.3 and 0.15 · 10 = 1.5.
        var values = [Float](repeating: 1, count: 2 * 64)
        values[0] = 0; values[1] = 2
        for e in 64..<128 { values[e] = 0 }
        values[64] = -5; values[65] = 5
        let x = Tensor(shape: [2, 1, 8, 8], values: values)
        let method = SmoothGrad(samples: 200)
        for (item, sigma) in [(0, 0.3), (1, 1.5)] {
            let copies = method.noisyCopies(of: x, item: item)
            XCTAssertEqual(copies.shape, [200, 1, 8, 8])
            var squares = 0.0
            for j in 0..<200 { for e in 0..<64 {
                let noise = Double(copies.element(j * 64 + e) - values[item * 64 + e])
                squares += noise * noise
            }}
            XCTAssertEqual((squares / Double(200 * 64)).squareRoot(), sigma, accuracy: 0.03 * sigma)
        }
        // The noise rule: both items draw the same standard normals.
        let z0 = method.noisyCopies(of: x, item: 0), z1 = method.noisyCopies(of: x, item: 1)
        XCTAssertEqual((z0.element(100) - 1) / 0.3, (z1.element(100) - 0) / 1.5, accuracy: 1e-4)
    }

    func testIntegratedGradientsQuadrature() {
        let midpoint = IntegratedGradients(steps: 4).quadrature
        XCTAssertEqual(midpoint.map(\.alpha), [0.125, 0.375, 0.625, 0.875])
        XCTAssertEqual(midpoint.map(\.weight), [0.25, 0.25, 0.25, 0.25])
        let trapezoid = IntegratedGradients(steps: 4, rule: .trapezoid).quadrature
        XCTAssertEqual(trapezoid.map(\.alpha), [0, 0.25, 0.5, 0.75, 1])
        XCTAssertEqual(trapezoid.map(\.weight), [0.125, 0.25, 0.25, 0.25, 0.125])
        XCTAssertEqual(IntegratedGradients(steps: 4, rule: .left).quadrature.map(\.alpha), [0, 0.25, 0.5, 0.75])
        XCTAssertEqual(IntegratedGradients(steps: 4, rule: .right).quadrature.map(\.alpha), [0.25, 0.5, 0.75, 1])
        // Gauss–Legendre with 2 nodes on [0, 1]: ½ ∓ 1/(2√3), weights ½ each (by hand).
        let two = IntegratedGradients(steps: 2, rule: .gaussLegendre).quadrature
        XCTAssertEqual(two[0].alpha, 0.5 - 0.5 / 3.0.squareRoot(), accuracy: 1e-15)
        XCTAssertEqual(two[1].alpha, 0.5 + 0.5 / 3.0.squareRoot(), accuracy: 1e-15)
        XCTAssertEqual(two[0].weight, 0.5, accuracy: 1e-15)
        // m nodes integrate α^k exactly for k < 2m: Σ w α^k = 1/(k + 1), to a few ulps of the sum.
        for m in [1, 3, 7, 20, 50] {
            let rule = IntegratedGradients(steps: m, rule: .gaussLegendre).quadrature
            XCTAssertEqual(rule.count, m)
            XCTAssertTrue(rule.allSatisfy { $0.alpha > 0 && $0.alpha < 1 && $0.weight > 0 }, "m = \(m)")
            XCTAssertEqual(zip(rule, rule.dropFirst()).allSatisfy { $0.alpha < $1.alpha }, true, "ascending, m = \(m)")
            for k in 0..<(2 * m) {
                let sum = rule.reduce(0.0) { $0 + $1.weight * Elementary.pow($1.alpha, Double(k)) }
                XCTAssertEqual(sum, 1 / Double(k + 1), accuracy: 64 * Double(m) * Double.ulpOfOne, "m = \(m), k = \(k)")
            }
        }
    }

    func testBatchSizeDoesNotChangeTheMaps() {
        let network = Nets.resnet(seed: 7)
        let x = Nets.images(5, [1, 8, 8], seed: 8)
        let target = AttributionTarget.classes([0, 1, 2, 1, 0])
        let pairs: [(AttributionMethod, AttributionMethod)] = [
            (Saliency(batchSize: 2), Saliency()),
            (SmoothGrad(samples: 5, batchSize: 2), SmoothGrad(samples: 5)),
            (Deconvnet(batchSize: 2), Deconvnet()),
            (GuidedBackprop(batchSize: 2), GuidedBackprop()),
            (GuidedBackpropMinus(batchSize: 2), GuidedBackpropMinus()),
            (GradCAM(layer: "layer3", batchSize: 2), GradCAM(layer: "layer3")),
            (GuidedGradCAM(layer: "layer3", batchSize: 2), GuidedGradCAM(layer: "layer3")),
            (IntegratedGradients(steps: 7, batchSize: 3), IntegratedGradients(steps: 7)),
        ]
        for (small, large) in pairs {
            let a = small.attribute(network, inputs: x, target: target), b = large.attribute(network, inputs: x, target: target)
            XCTAssertEqual(a.shape, b.shape, small.name)
            let scale = max(b.array.map(abs).max() ?? 0, 1e-12)
            XCTAssertLessThanOrEqual(a.maxAbsDifference(b), 1e-5 * scale, small.name)
        }
    }

    func testPerPixelOptionsOnColourImages() {
        // Every method with a channel reduction gives (N, 1, H, W) on 3-channel inputs.
        let network = ResNet18.make(inputShape: [3, 8, 8], classes: 3, width: 2, generator: Generator(seed: 3))
        let x = Nets.images(2, [3, 8, 8], seed: 4)
        let methods: [AttributionMethod] = [
            Saliency(absolute: true, channelReduction: .maxAbs), SmoothGrad(samples: 3, channelReduction: .maxAbs),
            Deconvnet(channelReduction: .sum), GuidedBackprop(channelReduction: .sum),
            GuidedBackpropMinus(channelReduction: .sum), GradCAM(), GuidedGradCAM(channelReduction: .sum),
            IntegratedGradients(steps: 4, channelReduction: .sum),
        ]
        for method in methods {
            XCTAssertEqual(method.attribute(network, inputs: x, target: .classes([0, 2])).shape, [2, 1, 8, 8], method.name)
        }
        XCTAssertEqual(GuidedBackprop().attribute(network, inputs: x, target: .classes([0, 2])).shape, [2, 3, 8, 8])
    }
}
