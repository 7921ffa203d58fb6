import XCTest
import NeuralNet
import Tensors
@testable import Attribution

/// Deletion and insertion curves on a model whose right order is known: a linear two-class
/// model on a 4×4 image of ones, class 0's weight on pixel p growing with p. Removing the
/// heaviest pixels first must drop p_0 fastest.
final class RemovalCurvesTests: XCTestCase {
    /// logits (w·x + b, 0) with w_p = (p + 1) / 4 and b = −2, on (1, 4, 4) inputs.
    func knownOrderModel() -> Network {
        let root = Sequential([("flatten", Flatten()), ("fc", Linear(16, 2, bias: true, generator: Generator(seed: 0)))])
        let network = Network(kind: "known-order", root: root, inputShape: [1, 4, 4])
        HandBuiltNetworks.set(network, "fc.weight", (0..<16).map { Float($0 + 1) / 4 } + [Float](repeating: 0, count: 16))
        HandBuiltNetworks.set(network, "fc.bias", [-2, 0])
        return network
    }

    func testTheTrueRankingDeletesFastestAndInsertsFastest() {
        let network = knownOrderModel()
        let x = Tensor(repeating: 1, shape: [1, 1, 4, 4])
        let truth = Array((0..<16).reversed()), reversed = Array(0..<16)
        let generator = Generator(seed: 4)
        var random = Array(0..<16)
        for i in stride(from: 15, to: 0, by: -1) { random.swapAt(i, Int(generator.next() % UInt64(i + 1))) }
        let curves = RemovalCurves.of(network, inputs: x, orders: [truth], target: .classes([0]), steps: 8, baseline: .zero)[0]
        let backwards = RemovalCurves.of(network, inputs: x, orders: [reversed], target: .classes([0]), steps: 8, baseline: .zero)[0]
        let shuffled = RemovalCurves.of(network, inputs: x, orders: [random], target: .classes([0]), steps: 8, baseline: .zero)[0]
        XCTAssertEqual(curves.deletion.count, 9)
        // Both ends are the same for every order: the whole image, then the baseline alone.
        let full = 1 / (1 + exp(-(136.0 / 4 - 2))), empty = 1 / (1 + exp(2.0))
        for c in [curves, backwards, shuffled] {
            XCTAssertEqual(c.deletion.first!, full, accuracy: 1e-6)
            XCTAssertEqual(c.deletion.last!, empty, accuracy: 1e-6)
            XCTAssertEqual(c.insertion.first!, empty, accuracy: 1e-6)
            XCTAssertEqual(c.insertion.last!, full, accuracy: 1e-6)
        }
        XCTAssertLessThan(curves.deletionAUC, shuffled.deletionAUC)
        XCTAssertLessThan(shuffled.deletionAUC, backwards.deletionAUC)
        XCTAssertGreaterThan(curves.insertionAUC, shuffled.insertionAUC)
        XCTAssertGreaterThan(shuffled.insertionAUC, backwards.insertionAUC)
        // Step 1 of the true deletion removes pixels 15 and 14: z = 34 − 2 − (16 + 15)/4 = 24.25.
        XCTAssertEqual(curves.deletion[1], 1 / (1 + exp(-24.25)), accuracy: 1e-6)
    }

    func testTheRankingOfAMapAndTheArea() {
        // Channels summed: (0.5 + 0.5, −1 + 0, 2 + 0, 1 + 0) = (1, −1, 2, 1); ties by index.
        let maps = Tensor(shape: [1, 2, 2, 2], values: [0.5, -1, 2, 1, 0.5, 0, 0, 0])
        XCTAssertEqual(RemovalCurves.order(maps, item: 0), [2, 0, 3, 1])
        XCTAssertEqual(RemovalCurves.area([1, 0.5, 0]), 0.5)
        XCTAssertEqual(RemovalCurves.area([1, 1, 1, 1]), 1)
    }

    func testBatchingDoesNotChangeACurve() {
        let network = HandBuiltImageNetworks.mnistCNN(seed: 3)
        let images = HandBuiltImageNetworks.images(2, [1, 8, 8], seed: 5, mean: 0.5)
        let maps = Saliency().attribute(network, inputs: images, target: .classes([1, 2]))
        let orders = [RemovalCurves.order(maps, item: 0), RemovalCurves.order(maps, item: 1)]
        let one = RemovalCurves.of(network, inputs: images, orders: orders, target: .classes([1, 2]), steps: 5, baseline: .blur(radius: 1), batchSize: 1)
        let many = RemovalCurves.of(network, inputs: images, orders: orders, target: .classes([1, 2]), steps: 5, baseline: .blur(radius: 1), batchSize: 64)
        XCTAssertEqual(one, many)
    }

    /// Series rows (N, D): features are what is ranked and removed, the raw output what is recorded.
    func testSeriesRowsRankAndRemoveFeatures() {
        let network = HandBuiltNetworks.linear(weights: [2, -1, 3, 0.5], bias: 0.5)
        let rows = Tensor(shape: [2, 4], values: [1, 1, 1, 1, 2, 0, -1, 4])
        // Feature ablation = w ⊙ (x − 0) per row.
        let ablation = FeatureAblation().attribute(network, inputs: rows, target: .output(index: 0))
        XCTAssertEqual(ablation.shape.dims, [2, 4])
        XCTAssertEqual(ablation.array, [2, -1, 3, 0.5, 4, 0, -3, 2])
        let mean = FeatureAblation(baseline: .datasetMean(RemovalBaseline.channelMeans(rows))).attribute(network, inputs: rows, target: .output(index: 0))
        // Feature means (1.5, 0.5, 0, 2.5): w ⊙ (x − mean).
        let expected: [Float] = [-1, -0.5, 3, -0.75, 1, 0.5, -3, 0.75]
        XCTAssertEqual(mean.array, expected)
        // Row 0 ranked by its map: features 2, 0, 3, 1; deleting them one per step lowers y by 3, 2, 0.5, then raises it by 1.
        XCTAssertEqual(RemovalCurves.order(ablation, item: 0), [2, 0, 3, 1])
        let c = RemovalCurves.of(network, inputs: rows.items(0..<1), orders: [[2, 0, 3, 1]], target: .output(index: 0), steps: 4, baseline: .zero)[0]
        XCTAssertEqual(c.deletion, [5, 2, 0, -0.5, 0.5])
        XCTAssertEqual(c.insertion, [0.5, 3.5, 5.5, 6, 5])
    }

    func testBaselines() {
        let x = Tensor(shape: [1, 1, 2, 3], values: [0, 3, 6, 3, 6, 9])
        XCTAssertEqual(RemovalBaseline.constant(2).image(of: x, item: 0), [2, 2, 2, 2, 2, 2])
        // Radius 1 over a 2×3 image: corner (0,0) averages (0, 3, 3, 6) = 3; (0,1) averages all six but the far column… (0,3,6,3,6,9)/6 = 4.5.
        XCTAssertEqual(RemovalBaseline.blur(radius: 1).image(of: x, item: 0), [3, 4.5, 6, 3, 4.5, 6])
        XCTAssertEqual(RemovalBaseline.channelMeans(Tensor(shape: [2, 2, 1, 1], values: [1, 10, 3, 20])), [2, 15])
        XCTAssertEqual(RemovalBaseline.datasetMean([2]).image(of: x, item: 0), [Float](repeating: 2, count: 6))
    }
}
