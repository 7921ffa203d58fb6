import Foundation
import XCTest
import Datasets
import NeuralNet
import Tensors
@testable import Attribution

/// A sample's map is a function of the sample, the network and the target alone: the same bits
/// whether it is explained alone, at any position of a batch, or in a batch cut into chunks.
/// Real Fashion-MNIST images matter here: their flat backgrounds put exact ties into max-pool
/// windows (thousands per batch), so any position-dependent rounding upstream would move the
/// gradient to another tied unit.
final class BatchIndependenceTests: XCTestCase {
    /// <package root>/data/fashion-mnist (`make data` links Debian's files there).
    static var directory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("data/fashion-mnist")
    }

    /// The first 40 test images; skipped without the files except under CI, which installs them.
    func images() throws -> (Tensor, [Int]) {
        do {
            let set = try MNIST.load(directory: Self.directory, split: .test, variant: .fashionMNIST)
            return (set.images.items(0..<40), Array(set.labels.prefix(40)))
        } catch {
            if ProcessInfo.processInfo.environment["CI"] != nil { throw error }
            throw XCTSkip("Fashion-MNIST not in \(Self.directory.path); `make data` puts it there")
        }
    }

    static func methods() -> [(String, AttributionMethod)] {
        [("gradient", Gradient(batchSize: 64)),
         ("guided-backprop", GuidedBackprop()),
         ("deconvnet", Deconvnet()),
         ("integrated-gradients", IntegratedGradients(steps: 8)),
         ("grad-cam", GradCAM())]
    }

    func check(_ network: Network, label: String) throws {
        let (x, labels) = try images()
        let target = AttributionTarget.classes(labels)
        let picked = [0, 7, 13, 39]
        for (name, method) in Self.methods() {
            let whole = method.attribute(network, inputs: x, target: target)
            for i in picked {
                let alone = method.attribute(network, inputs: x.items(i..<i + 1), target: target.items(i..<i + 1))
                XCTAssertEqual(alone.array, whole.items(i..<i + 1).array, "\(label) \(name): sample \(i) alone vs in the batch")
            }
            // The same sample at another position: the batch reversed.
            let reversed = Tensor(uninitialized: x.shape)
            let per = x.shape.countPerItem
            for i in 0..<40 { (reversed.data + (39 - i) * per).update(from: x.data + i * per, count: per) }
            let mapsReversed = method.attribute(network, inputs: reversed, target: .classes(labels.reversed()))
            for i in picked {
                XCTAssertEqual(mapsReversed.items(39 - i..<40 - i).array, whole.items(i..<i + 1).array,
                               "\(label) \(name): sample \(i) at position \(39 - i)")
            }
        }
        // Chunked: the batch explained 3 samples at a time.
        let chunked = Gradient(batchSize: 3).attribute(network, inputs: x, target: target)
        XCTAssertEqual(chunked.array, Gradient(batchSize: 64).attribute(network, inputs: x, target: target).array,
                       "\(label): chunks of 3 vs one batch")
    }

    func testMNISTCNNMapsDoNotDependOnTheBatch() throws {
        try check(MNISTCNN.make(inputShape: [1, 28, 28], classes: 10, generator: Generator(seed: 4)), label: "mnist-cnn")
    }

    func testResNetMapsDoNotDependOnTheBatch() throws {
        try check(ResNet18.make(inputShape: [1, 28, 28], classes: 10, width: 4, generator: Generator(seed: 5)), label: "resnet18")
    }
}
