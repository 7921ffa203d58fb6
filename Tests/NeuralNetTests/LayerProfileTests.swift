import XCTest
@testable import NeuralNet
import Tensors

/// What a recording holds (which entries, how many calls) and that it changes nothing; never
/// how long anything took.
final class LayerProfileTests: XCTestCase {
    func testATrainingStepRecordsEveryLayerOnceAndTheSameBits() {
        func step(profiled: Bool) -> (LayerProfile, [Float]) {
            let generator = Generator(seed: 3)
            let net = ResNet18.make(inputShape: [1, 12, 12], classes: 3, width: 2, generator: generator)
            let x = Tensor(uninitialized: [4, 1, 12, 12])
            generator.fillNormal(x)
            let profile = LayerProfile()
            let run = {
                trainingStep(net, optimizer: SGD(momentum: 0.9), inputs: x, target: .classes([0, 1, 2, 0]),
                             learningRate: 0.1, generator: generator)
            }
            if profiled { profile.record { _ = run() } } else { _ = run() }
            return (profile, net.parameters.flatMap { Array(UnsafeBufferPointer(start: $0.parameter.value.data, count: $0.parameter.value.count)) })
        }
        let (profile, recorded) = step(profiled: true)
        let (idle, plain) = step(profiled: false)
        XCTAssertEqual(recorded.map(\.bitPattern), plain.map(\.bitPattern))
        XCTAssertTrue(idle.entries.isEmpty)

        let byKey = Dictionary(uniqueKeysWithValues: profile.entries.map { ("\($0.path)/\($0.phase)", $0) })
        for path in ["conv1", "bn1", "relu", "layer1", "layer1.0", "layer1.0.conv1", "layer1.0.bn2",
                     "layer2.0.downsample", "layer2.0.downsample.0", "layer4.1.conv2", "avgpool", "fc"] {
            XCTAssertEqual(byKey["\(path)/forward"]?.calls, 1, path)
            XCTAssertEqual(byKey["\(path)/backward"]?.calls, 1, path)
        }
        // A block's ReLUs run forward inside its BatchNorms' passes (BatchNorm.Epilogue), so
        // their forward time is bn1's and bn2's; backward relu1 runs inside conv2's
        // (Conv2d's throughReLU), relu2 is a layer of its own.
        for path in ["layer1.0.relu1", "layer1.0.relu2"] { XCTAssertNil(byKey["\(path)/forward"], path) }
        XCTAssertNil(byKey["layer1.0.relu1/backward"])
        XCTAssertEqual(byKey["layer1.0.relu2/backward"]?.calls, 1)
        XCTAssertEqual(byKey["layer1.0.conv1/forward"]?.kind, "Conv2d")
        XCTAssertEqual(byKey["layer2.0.downsample.1/backward"]?.kind, "BatchNorm")
        for part in ["zeroGradients", "loss", "optimizer"] { XCTAssertEqual(byKey["\(part)/other"]?.calls, 1, part) }
        XCTAssertTrue(profile.entries.allSatisfy { $0.selfSeconds >= 0 })
    }
}
