import XCTest
import Tensors
@testable import NeuralNet

final class BasicBlockTests: XCTestCase {
    func testGradientsWithIdentityShortcut() {
        let block = BasicBlock(3, 3, stride: 1, generator: Generator(seed: 1))
        for mode in [Mode.training, .evaluation] {
            GradientCheck(epsilon: 1e-3, label: "identity \(mode)").check(block, input: randomTensor([2, 3, 5, 5]), mode: mode)
        }
    }

    func testGradientsWithProjectionShortcut() {
        let block = BasicBlock(2, 4, stride: 2, generator: Generator(seed: 2))
        for mode in [Mode.training, .evaluation] {
            GradientCheck(epsilon: 1e-3, label: "projection \(mode)").check(block, input: randomTensor([2, 2, 6, 6]), mode: mode)
        }
    }

    func testTorchvisionStateNames() {
        let block = BasicBlock(2, 4, stride: 2, generator: Generator(seed: 2))
        XCTAssertEqual(block.state.map(\.name).filter { $0.hasSuffix("weight") },
                       ["conv1.weight", "bn1.weight", "conv2.weight", "bn2.weight", "downsample.0.weight", "downsample.1.weight"])
    }
}
