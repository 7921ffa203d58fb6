import XCTest
import Tensors
@testable import NeuralNet

/// The four models: PyTorch names and shapes, gradients against finite differences, and that
/// each one learns something small enough for CI.
final class ModelTests: XCTestCase {
    func testMNISTCNNHasThePyTorchExampleState() {
        let net = MNISTCNN.make(inputShape: [1, 28, 28], classes: 10, generator: Generator(seed: 0))
        let shapes = Dictionary(uniqueKeysWithValues: net.state.map { ($0.name, $0.entry.shape) })
        XCTAssertEqual(net.state.map(\.name), ["conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias",
                                               "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"])
        XCTAssertEqual(shapes["conv1.weight"], [32, 1, 3, 3])
        XCTAssertEqual(shapes["conv2.weight"], [64, 32, 3, 3])
        XCTAssertEqual(shapes["fc1.weight"], [128, 9216])
        XCTAssertEqual(shapes["fc2.weight"], [10, 128])
    }

    func testResNet18HasTorchvisionNames() {
        let net = ResNet18.make(inputShape: [3, 32, 32], classes: 10, width: 64, generator: Generator(seed: 0))
        let shapes = Dictionary(uniqueKeysWithValues: net.state.map { ($0.name, $0.entry.shape) })
        XCTAssertEqual(Array(net.state.map(\.name).prefix(7)), [
            "conv1.weight", "bn1.weight", "bn1.bias", "bn1.running_mean", "bn1.running_var",
            "bn1.num_batches_tracked", "layer1.0.conv1.weight"])
        XCTAssertEqual(shapes["layer2.0.downsample.0.weight"], [128, 64, 1, 1])
        XCTAssertEqual(shapes["layer2.0.downsample.1.running_var"], [128])
        XCTAssertEqual(shapes["layer4.1.conv2.weight"], [512, 512, 3, 3])
        XCTAssertEqual(shapes["fc.weight"], [10, 512])
        XCTAssertNil(shapes["layer1.0.downsample.0.weight"])
        XCTAssertEqual(net.state.count, 122)  // torchvision resnet18's state_dict has 122 entries
        // 11.17 M parameters for 10 classes, as torchvision's CIFAR variant.
        XCTAssertEqual(net.parameterCount, 11_173_962)
    }

    func testResNet18RunsOnGrayscale28() {
        let net = ResNet18.make(inputShape: [1, 28, 28], classes: 10, width: 4, generator: Generator(seed: 0))
        XCTAssertEqual(net.forward(randomTensor([2, 1, 28, 28])).shape, [2, 10])
    }

    func testSFHFCNNSharesFiltersAcrossAxes() {
        let net = SFHFCNN.make(inputShape: [6, 30], classes: 19, generator: Generator(seed: 0))
        let shapes = Dictionary(uniqueKeysWithValues: net.state.map { ($0.name, $0.entry.shape) })
        XCTAssertEqual(shapes["conv1.weight"], [64, 1, 1, 5])
        XCTAssertEqual(shapes["conv3.weight"], [64, 64, 1, 5])
        XCTAssertEqual(shapes["fc1.weight"], [128, 64 * 6 * 18])
        XCTAssertEqual(shapes["fc2.weight"], [19, 128])
        // Shared filters: swapping two axes of the input swaps the conv3 activations of those axes.
        let x = randomTensor([1, 6, 30])
        _ = net.forward(x, .evaluation, through: "relu3")
        let a = net.activation(at: "relu3").copy()  // (1, 64, 6, 18)
        let swapped = x.copy()
        for t in 0..<30 { swapped[0, 0, t] = x[0, 3, t]; swapped[0, 3, t] = x[0, 0, t] }
        let b = net.forward(swapped, .evaluation, through: "relu3")
        for c in [0, 17, 63] { for t in [0, 9, 17] { XCTAssertEqual(a[0, c, 0, t], b[0, c, 3, t]) } }
    }

    func testMLPNames() {
        let net = MLP.make(sizes: [10, 100, 100, 1], generator: Generator(seed: 0))
        XCTAssertEqual(net.state.map(\.name), ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias", "fc3.weight", "fc3.bias"])
    }

    // MARK: gradients of whole models, inputs and parameters, both modes

    /// Each model in each mode, freshly built: evaluation right after training-mode checks would
    /// use running statistics of a few tiny batches, which blow activations up.
    func testModelGradients() {
        let cases: [(String, (Generator) -> Network, Shape)] = [
            ("mlp", { MLP.make(sizes: [5, 8, 6, 3], generator: $0) }, [4, 5]),
            ("mnist-cnn", { MNISTCNN.make(inputShape: [1, 8, 8], classes: 4, generator: $0) }, [2, 1, 8, 8]),
            // Batch 4 keeps 4 values per channel at layer4's 1×1 maps for the batch statistics.
            ("resnet18", { ResNet18.make(inputShape: [2, 8, 8], classes: 3, width: 2, generator: $0) }, [4, 2, 8, 8]),
            ("sfhf-cnn", { SFHFCNN.make(inputShape: [2, 16], classes: 3, filters: 3, hidden: 5, generator: $0) }, [2, 2, 16]),
        ]
        for (name, make, shape) in cases {
            for mode in [Mode.training, .evaluation] {
                GradientCheck(epsilon: 1e-3, relativeTolerance: 3e-2, absoluteTolerance: 3e-3, samples: 12, label: "\(name) \(mode)")
                    .check(make(Generator(seed: 2)).root, input: randomTensor(shape, seed: 9), mode: mode)
            }
        }
    }

    // MARK: learning

    func testMLPFitsALinearTarget() {
        let g = Generator(seed: 4)
        let net = MLP.make(sizes: [3, 16, 1], generator: g)
        let x = randomTensor([64, 3], seed: 5)
        let y = Tensor(uninitialized: [64, 1])
        for i in 0..<64 { y.data[i] = 0.5 * x[i, 0] - 2 * x[i, 1] + x[i, 2] + 0.3 }
        let adam = Adam()
        let first = trainingStep(net, optimizer: adam, inputs: x, target: .values(y), learningRate: 1e-2, generator: g)
        var last = first
        for _ in 0..<400 { last = trainingStep(net, optimizer: adam, inputs: x, target: .values(y), learningRate: 1e-2, generator: g) }
        XCTAssertLessThan(last, 0.01 * first, "MSE \(first) → \(last)")
    }

    /// Class k of a tiny synthetic image set is a bright square at the k-th corner plus noise.
    static func squares(count: Int, channels: Int, size: Int, seed: UInt64) -> (Tensor, [Int]) {
        let g = Generator(seed: seed)
        let x = Tensor(uninitialized: [count, channels, size, size])
        g.fillNormal(x, mean: 0, std: 0.3)
        let labels = (0..<count).map { $0 % 4 }
        let half = size / 2
        for (n, k) in labels.enumerated() {
            for c in 0..<channels { for i in 0..<half { for j in 0..<half {
                x[n, c, i + (k / 2) * half, j + (k % 2) * half] += 1.5
            } } }
        }
        return (x, labels)
    }

    func trainsDown(_ net: Network, inputs: Tensor, labels: [Int], steps: Int, lr: Float) -> (Double, Double) {
        let g = Generator(seed: 6)
        let sgd = SGD(momentum: 0.9)
        let first = trainingStep(net, optimizer: sgd, inputs: inputs, target: .classes(labels), learningRate: lr, generator: g)
        var last = first
        for _ in 0..<steps { last = trainingStep(net, optimizer: sgd, inputs: inputs, target: .classes(labels), learningRate: lr, generator: g) }
        return (first, last)
    }

    func testMNISTCNNLearnsSyntheticImages() {
        let (x, labels) = Self.squares(count: 32, channels: 1, size: 12, seed: 1)
        let net = MNISTCNN.make(inputShape: [1, 12, 12], classes: 4, generator: Generator(seed: 1))
        let (first, last) = trainsDown(net, inputs: x, labels: labels, steps: 30, lr: 0.02)
        XCTAssertLessThan(last, 0.3 * first, "loss \(first) → \(last)")
    }

    func testNarrowResNet18LearnsSyntheticImages() {
        let (x, labels) = Self.squares(count: 32, channels: 3, size: 16, seed: 2)
        let net = ResNet18.make(inputShape: [3, 16, 16], classes: 4, width: 4, generator: Generator(seed: 2))
        let (first, last) = trainsDown(net, inputs: x, labels: labels, steps: 30, lr: 0.05)
        XCTAssertLessThan(last, 0.3 * first, "loss \(first) → \(last)")
    }

    func testSFHFCNNSeparatesSyntheticSensorClasses() {
        // Class k: a sine of frequency k+1 on every axis, random phase per axis, plus noise.
        let g = Generator(seed: 3)
        let count = 48, axes = 6, time = 30
        let x = Tensor(uninitialized: [count, axes, time])
        let labels = (0..<count).map { $0 % 3 }
        for (n, k) in labels.enumerated() {
            for a in 0..<axes {
                let phase = g.uniform(0, 6.28)
                for t in 0..<time {
                    x[n, a, t] = sinf(Float(k + 1) * 6.28 * Float(t) / Float(time) + phase) + 0.1 * g.normal()
                }
            }
        }
        let net = SFHFCNN.make(inputShape: [axes, time], classes: 3, filters: 8, hidden: 16, generator: g)
        let adam = Adam()
        for _ in 0..<60 { trainingStep(net, optimizer: adam, inputs: x, target: .classes(labels), learningRate: 3e-3, generator: g) }
        let predicted = net.forward(x).argmaxRows()
        let accuracy = Double(zip(predicted, labels).filter { $0 == $1 }.count) / Double(count)
        XCTAssertGreaterThan(accuracy, 0.9)
    }
}

#if canImport(Glibc)
import Glibc
#endif
