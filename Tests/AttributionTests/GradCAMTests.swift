import XCTest
import NeuralNet
import Tensors
@testable import Attribution

final class GradCAMTests: XCTestCase {
    typealias Nets = HandBuiltImageNetworks

    func testWeightsAndMapAtTheLayerByHand() {
        // `strided` at "relu": ∂S_c/∂A^k = V_ck/4 at each of the 2×2 positions, so α = (1, −2) for
        // class 0 and (2, 0.5) for class 1; the maps are worked out in ImageAttributionTests.
        let image = Nets.stridedImage()
        let maps = GradCAM(layer: "relu").layerMaps(Nets.strided(), inputs: Tensor(shape: [2, 1, 4, 4], values: image + image),
                                                    target: .classes([0, 1]))
        XCTAssertEqual(maps.layer, "relu")
        XCTAssertEqual(maps.weights.shape, [2, 2])
        XCTAssertEqual(maps.weights.array, [1, -2, 2, 0.5])
        XCTAssertEqual(maps.maps.shape, [2, 1, 2, 2])
        XCTAssertEqual(maps.maps.array, [0, 0, 0.25, 0, 2.5, 0, 0.5, 5.5])
    }

    func testBeforeTheReLUTheMapUsesThePreActivations() {
        // At "conv" A = h: h_0 = (1, −1, 0.25, 2), h_1 = (1, −3, −0.5, 3). The gradient now passes the
        // ReLU, ∂S_1/∂h_k = g_k [h_k > 0] with g = (2, 0.5): h_0 is on at 3 of 4 positions, h_1 at 2, so
        // α = (2·3/4, 0.5·2/4) = (1.5, 0.25) and the map is ReLU(1.5 h_0 + 0.25 h_1)
        // = ReLU(1.75, −2.25, 0.25, 3.75).
        let maps = GradCAM(layer: "conv").layerMaps(Nets.strided(), inputs: Tensor(shape: [1, 1, 4, 4], values: Nets.stridedImage()),
                                                    target: .classes([1]))
        XCTAssertEqual(maps.weights.array, [1.5, 0.25])
        XCTAssertEqual(maps.maps.array, [1.75, 0, 0.25, 3.75])
    }

    func testDefaultLayerIsTheLastWithA4DOutput() {
        let resnet = ResNet18.make(inputShape: [3, 32, 32], classes: 10, width: 2, generator: Generator(seed: 0))
        XCTAssertEqual(GradCAM.defaultLayer(of: resnet), "layer4")
        // The MNIST CNN: conv1, relu1, conv2, relu2, pool, dropout1 are 4-D, flatten is not.
        XCTAssertEqual(GradCAM.defaultLayer(of: Nets.mnistCNN(seed: 0)), "dropout1")
        XCTAssertEqual(GradCAM.defaultLayer(of: Nets.strided()), "relu")
    }

    func testResNetMapsAreNonNegativeAtInputSizeAndANestedPathNamesTheSameTensor() {
        let network = Nets.resnet(seed: 1)
        let x = Nets.images(3, [1, 8, 8], seed: 2)
        let stage = GradCAM().layerMaps(network, inputs: x, target: .classes([0, 1, 2]))
        let lastBlock = GradCAM(layer: "layer4.1").layerMaps(network, inputs: x, target: .classes([0, 1, 2]))
        XCTAssertEqual(stage.layer, "layer4")
        XCTAssertEqual(stage.maps.shape, [3, 1, 1, 1])  // 8×8 halved three times
        XCTAssertEqual(stage.weights.shape, [3, 16])
        XCTAssertEqual(stage.maps.array, lastBlock.maps.array)
        XCTAssertEqual(stage.weights.array, lastBlock.weights.array)
        let full = GradCAM().attribute(network, inputs: x, target: .classes([0, 1, 2]))
        XCTAssertEqual(full.shape, [3, 1, 8, 8])
        XCTAssertTrue(full.array.allSatisfy { $0 >= 0 })
        // Resizing a 1×1 map spreads its one value v everywhere, up to the blend's rounding: per
        // axis v·w0 + v·w1 rounds three times and w0 = 1 − w1 once, so each axis is within 4u·|v|
        // of v, and both axes within 9u·|v| (u = 2⁻²⁴).
        for i in 0..<3 {
            let v = stage.maps.array[i]
            for value in full.items(i..<i + 1).array { XCTAssertEqual(value, v, accuracy: 9 * 0x1p-24 * abs(v)) }
        }
    }

    func testWeightsAreTheSpatialMeanOfTheLayerGradient() {
        let network = Nets.resnet(seed: 4)
        let x = Nets.images(2, [1, 8, 8], seed: 5)
        let maps = GradCAM(layer: "layer2").layerMaps(network, inputs: x, target: .classes([1, 2]))
        let output = network.forward(x, .evaluation)
        let a = network.activation(at: "layer2").copy()
        let g = network.backward(AttributionTarget.classes([1, 2]).seed(for: output), .inputOnly, stopAt: "layer2")
        let (k, s) = (a.shape[1], a.shape[2] * a.shape[3])
        for i in 0..<2 {
            var combined = [Double](repeating: 0, count: s)
            for ch in 0..<k {
                let alpha = (0..<s).map { Double(g.element((i * k + ch) * s + $0)) }.reduce(0, +) / Double(s)
                XCTAssertEqual(Double(maps.weights[i, ch]), alpha, accuracy: 1e-6)
                for j in 0..<s { combined[j] += alpha * Double(a.element((i * k + ch) * s + j)) }
            }
            for j in 0..<s { XCTAssertEqual(Double(maps.maps.element(i * s + j)), max(combined[j], 0), accuracy: 1e-5) }
        }
    }
}
