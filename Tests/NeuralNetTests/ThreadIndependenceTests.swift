import XCTest
import Tensors
@testable import NeuralNet

/// Training gives the same bits with every GEMM kernel and at any thread count: every reduction runs over pieces whose
/// boundaries depend on the batch alone, and threads only decide who computes which piece.
final class ThreadIndependenceTests: XCTestCase {
    private var kernel = GEMMKernel.active
    override func setUp() { kernel = GEMMKernel.active }
    override func tearDown() {
        Threads.set(2)
        GEMMKernel.active = kernel
    }

    /// Every parameter and buffer after three SGD steps, as one array of floats.
    static func trainedState(_ make: (Generator) -> Network, inputShape: Shape, threads: Int) -> [Float] {
        Threads.set(threads)
        let network = make(Generator(seed: 3))
        let generator = Generator(seed: 4)
        let x = Tensor(uninitialized: inputShape)
        Generator(seed: 5).fillNormal(x)
        let labels = (0..<inputShape[0]).map { $0 % 4 }
        let sgd = SGD(momentum: 0.9)
        for _ in 0..<3 {
            _ = trainingStep(network, optimizer: sgd, inputs: x, target: .classes(labels), learningRate: 0.05,
                             generator: generator)
        }
        var values: [Float] = []
        for (_, entry) in network.state {
            switch entry {
            case .parameter(let p): values += p.value.array + p.grad.array
            case .buffer(let t): values += t.array
            case .counter: break
            }
        }
        return values
    }

    /// Two 64-channel 3 × 3 convolutions on 5 × 17 planes: forward, dInput and dWeight by Winograd.
    static func winogradCNN(_ generator: Generator) -> Network {
        Network(kind: "winograd-cnn", root: Sequential([
            ("conv1", Conv2d(3, 64, kernel: 3, padding: 1, generator: generator)), ("relu1", ReLU()),
            ("conv2", Conv2d(64, 64, kernel: 3, padding: 1, generator: generator)), ("relu2", ReLU()),
            ("conv3", Conv2d(64, 64, kernel: 3, padding: 1, generator: generator)), ("pool", GlobalAvgPool()),
            ("fc", Linear(64, 4, generator: generator)),
        ]), inputShape: [3, 5, 17])
    }

    func testTrainingIsTheSameAtOneTwoThreeAndEightThreads() {
        // Batch 32 cuts every convolution into 8 pieces; widths and planes give GEMMs with edge tiles.
        let cases: [(String, (Generator) -> Network, Shape)] = [
            ("mnist-cnn", { MNISTCNN.make(inputShape: [1, 12, 12], classes: 4, generator: $0) }, [32, 1, 12, 12]),
            // Width 16 on 16² planes: layer1's dInput is the transposed convolution.
            ("resnet18", { ResNet18.make(inputShape: [3, 16, 16], classes: 4, width: 16, generator: $0) }, [32, 3, 16, 16]),
            ("mlp", { MLP.make(sizes: [20, 33, 17, 4], generator: $0) }, [37, 20]),
            ("winograd-cnn", Self.winogradCNN, [32, 3, 5, 17]),
        ]
        for (name, make, shape) in cases {
            let one = Self.trainedState(make, inputShape: shape, threads: 1)
            for threads in [2, 3, 8] {
                XCTAssertEqual(Self.trainedState(make, inputShape: shape, threads: threads), one, "\(name) at \(threads) threads")
            }
        }
    }

    func testTrainingIsTheSameWithEveryGEMMKernel() {
        // Width 16 on 16² planes: the wide-grid forward and the transposed-convolution dInput run.
        let make: (Generator) -> Network = { ResNet18.make(inputShape: [3, 16, 16], classes: 4, width: 16, generator: $0) }
        GEMMKernel.active = .portable
        let portable = Self.trainedState(make, inputShape: [16, 3, 16, 16], threads: 2)
        for kernel in GEMMKernel.available where kernel != .portable {
            GEMMKernel.active = kernel
            XCTAssertEqual(Self.trainedState(make, inputShape: [16, 3, 16, 16], threads: 2), portable, "\(kernel.rawValue) vs portable")
        }
        GEMMKernel.active = .portable
        let winograd = Self.trainedState(Self.winogradCNN, inputShape: [16, 3, 5, 17], threads: 2)
        for kernel in GEMMKernel.available where kernel != .portable {
            GEMMKernel.active = kernel
            XCTAssertEqual(Self.trainedState(Self.winogradCNN, inputShape: [16, 3, 5, 17], threads: 2), winograd,
                           "winograd-cnn \(kernel.rawValue) vs portable")
        }
    }
}
