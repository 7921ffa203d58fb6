import XCTest
import NeuralNet
import Tensors
@testable import Attribution

/// What the attribution table does not show: deep Taylor refuses layers it has no rule for,
/// and its per-pixel sum over channels keeps the conservation.
final class DeepTaylorTests: XCTestCase {
    typealias Nets = HandBuiltImageNetworks

    func testNamesTheLayerItHasNoRuleFor() {
        let problem = DeepTaylor().unsupported(by: Nets.resnet(seed: 1))
        XCTAssertNotNil(problem)
        XCTAssertTrue(problem?.contains("bn1") ?? false, problem ?? "")
        XCTAssertNil(DeepTaylor().unsupported(by: Nets.mnistCNN(seed: 2)))
        XCTAssertNil(DeepTaylor().unsupported(by: Nets.strided()))
    }

    func testChannelSumKeepsTheTotalOfTheMap() {
        let network = Nets.twoChannelLinear()
        let x = Tensor(shape: [1, 2, 2, 2], values: [1, 2, 3, 4, 0, 1, 0, 2])
        let full = DeepTaylor().attribute(network, inputs: x, target: .classes([0]))
        let summed = DeepTaylor(channelReduction: .sum).attribute(network, inputs: x, target: .classes([0]))
        XCTAssertEqual(summed.shape, [1, 1, 2, 2])
        for pixel in 0..<4 {
            XCTAssertEqual(summed.array[pixel], full.array[pixel] + full.array[4 + pixel], accuracy: 1e-6)
        }
        // S_0 = 4·mean(p − 3q) = 1 (see `twoChannelLinear`).
        XCTAssertEqual(summed.sum(), 1, accuracy: 1e-5)
    }
}
