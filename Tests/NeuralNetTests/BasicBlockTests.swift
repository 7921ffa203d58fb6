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

    /// The block's fused forward (relu1 in bn1's pass, the add and relu2 in bn2's) against its
    /// layers run one at a time as the block is defined: the same output bits, and the same
    /// dInput and parameter gradients (the ReLUs kept what their own forward keeps), in training
    /// and evaluation, with both shortcuts and a width (5) that leaves a SIMD tail.
    func testFusedForwardEqualsLayerByLayer() {
        for (inChannels, outChannels, stride) in [(3, 3, 1), (2, 4, 2)] {
            for mode in [Mode.training, .evaluation] {
                let fused = BasicBlock(inChannels, outChannels, stride: stride, generator: Generator(seed: 3))
                let plain = BasicBlock(inChannels, outChannels, stride: stride, generator: Generator(seed: 3))
                let x = randomTensor([2, inChannels, 10, 5], seed: 4)
                let context = ForwardContext(mode: mode)
                let y = fused.forward(x, context)
                var main = plain.relu1.forward(plain.bn1.forward(plain.conv1.forward(x, context), context), context)
                main = plain.bn2.forward(plain.conv2.forward(main, context), context)
                main.add(plain.downsample.map { $0.forward(x, context) } ?? x)
                let expected = plain.relu2.forward(main, context)
                let label = "\(inChannels)→\(outChannels) stride \(stride) \(mode)"
                XCTAssertEqual(y.array.map(\.bitPattern), expected.array.map(\.bitPattern), label)
                XCTAssertTrue(y.array.contains(0) && y.array.contains { $0 > 0 }, label)  // both sides of the ReLU
                let dOutput = randomTensor(y.shape, seed: 5)
                XCTAssertEqual(fused.backward(dOutput, .training).array.map(\.bitPattern),
                               plain.backward(dOutput, .training).array.map(\.bitPattern), label)
                for ((name, p), (_, q)) in zip(fused.parameters, plain.parameters) {
                    XCTAssertEqual(p.grad.array.map(\.bitPattern), q.grad.array.map(\.bitPattern), "\(label) \(name)")
                }
            }
        }
    }

    /// In training the convolutions sum their output planes for the BatchNorms as they write
    /// them (`PlaneSums`, on the wide grid): over three steps, outputs and running statistics
    /// are those of the layers run one by one, bit for bit. Planes of 7 × 9 leave
    /// `shiftedSums` a scalar tail.
    func testPlaneSumsFromTheConvolutionsGiveBatchNormsOwnBits() {
        let fused = BasicBlock(4, 4, stride: 1, generator: Generator(seed: 6))
        let plain = BasicBlock(4, 4, stride: 1, generator: Generator(seed: 6))
        let context = ForwardContext(mode: .training)
        let probe = PlaneSums(planes: 3 * 4)
        _ = fused.conv1.forward(randomTensor([3, 4, 7, 9], seed: 9), context, planeSums: probe)
        XCTAssertTrue(probe.filled, "conv1 runs on the wide grid and fills the sums")
        for step in 0..<3 {
            let x = randomTensor([3, 4, 7, 9], seed: UInt64(10 + step))
            let y = fused.forward(x, context)
            var main = plain.relu1.forward(plain.bn1.forward(plain.conv1.forward(x, context), context), context)
            main = plain.bn2.forward(plain.conv2.forward(main, context), context)
            main.add(x)
            let expected = plain.relu2.forward(main, context)
            XCTAssertEqual(y.array.map(\.bitPattern), expected.array.map(\.bitPattern), "step \(step)")
            for (a, b) in [(fused.bn1, plain.bn1), (fused.bn2, plain.bn2)] {
                XCTAssertEqual(a.runningMean.array.map(\.bitPattern), b.runningMean.array.map(\.bitPattern), "step \(step)")
                XCTAssertEqual(a.runningVar.array.map(\.bitPattern), b.runningVar.array.map(\.bitPattern), "step \(step)")
            }
        }
    }

    func testTorchvisionStateNames() {
        let block = BasicBlock(2, 4, stride: 2, generator: Generator(seed: 2))
        XCTAssertEqual(block.state.map(\.name).filter { $0.hasSuffix("weight") },
                       ["conv1.weight", "bn1.weight", "conv2.weight", "bn2.weight", "downsample.0.weight", "downsample.1.weight"])
    }
}
