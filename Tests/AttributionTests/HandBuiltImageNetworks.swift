import NeuralNet
import Tensors

/// Image networks for the attribution tests: two whose maps can be worked out on paper, and
/// small random ResNet-18 and MNIST CNN instances for the properties.
enum HandBuiltImageNetworks {
    /// For 1×4×4 inputs: conv (1→2, 1×1, stride 2, so it reads only pixels (0,0), (0,2), (2,0),
    /// (2,2), call them p) → relu → pool (global average over the 2×2 positions) → fc (2→2):
    ///
    ///     h_0 = p,   h_1 = 2p − 1,   z_k = mean relu(h_k)
    ///     S_0 = 4 z_0 − 8 z_1 + 0.5,   S_1 = 8 z_0 + 2 z_1 − 0.5
    ///
    /// So ∂S_c/∂relu(h_k) = V_ck / 4 at every position: (1, −2) for class 0, (2, 0.5) for class 1.
    static func strided() -> Network {
        let root = Sequential([
            ("conv", Conv2d(1, 2, kernel: 1, stride: 2, generator: Generator(seed: 0))),
            ("relu", ReLU()),
            ("pool", GlobalAvgPool()),
            ("fc", Linear(2, 2, generator: Generator(seed: 0))),
        ])
        let network = Network(kind: "strided", root: root, inputShape: [1, 4, 4])
        HandBuiltNetworks.set(network, "conv.weight", [1, 2])
        HandBuiltNetworks.set(network, "conv.bias", [0, -1])
        HandBuiltNetworks.set(network, "fc.weight", [4, -8, 8, 2])
        HandBuiltNetworks.set(network, "fc.bias", [0.5, -0.5])
        return network
    }

    /// p = (1, −1, 0.25, 2) at the pixels `strided` reads, 7 elsewhere (never read):
    /// h_0 = p = (1, −1, 0.25, 2), h_1 = 2p − 1 = (1, −3, −0.5, 3).
    static func stridedImage() -> [Float] {
        [1, 7, -1, 7,
         7, 7, 7, 7,
         0.25, 7, 2, 7,
         7, 7, 7, 7]
    }

    /// A 4×4 map that is `values` at the four pixels `strided` reads and 0 elsewhere.
    static func atStridedPixels(_ values: [Float]) -> [Float] {
        var map = [Float](repeating: 0, count: 16)
        for (i, v) in zip([0, 2, 8, 10], values) { map[i] = v }
        return map
    }

    /// For 2×2×2 inputs (p, q): conv (2→1, 1×1, no bias, weights (1, −3)) → pool → fc (1→2,
    /// weights (4, −4), no bias): S_0 = 4·mean(p − 3q) = −S_1. Linear: ∂S_0/∂(p, q) = (1, −3)
    /// at every pixel.
    static func twoChannelLinear() -> Network {
        let root = Sequential([
            ("conv", Conv2d(2, 1, kernel: 1, bias: false, generator: Generator(seed: 0))),
            ("pool", GlobalAvgPool()),
            ("fc", Linear(1, 2, bias: false, generator: Generator(seed: 0))),
        ])
        let network = Network(kind: "two-channel-linear", root: root, inputShape: [2, 2, 2])
        HandBuiltNetworks.set(network, "conv.weight", [1, -3])
        HandBuiltNetworks.set(network, "fc.weight", [4, -4])
        return network
    }

    /// ResNet-18 of width 2 for 1×8×8 inputs and 3 classes whose BatchNorms only scale: random
    /// γ and running variances, zero β and running means. Its convolutions have no bias either,
    /// so S_c(x) − b_c (b the fc bias) is positively homogeneous: S_c(αx) − b_c = α(S_c(x) − b_c)
    /// for α > 0, the gradient is constant along every ray from 0, and integrated gradients from
    /// the zero baseline are exact for any number of steps (Euler: x·∇S_c(x) = S_c(x) − b_c) —
    /// provided the gradient, BatchNorm's evaluation-mode backward included, is right.
    static func scalingResNet(seed: UInt64) -> Network {
        let network = ResNet18.make(inputShape: [1, 8, 8], classes: 3, width: 2, generator: Generator(seed: seed))
        let generator = Generator(seed: seed + 1000)
        for (name, entry) in network.state {
            switch entry {
            case .buffer(let t) where name.hasSuffix("running_var"): generator.fillUniform(t, low: 0.5, high: 2)
            case .parameter(let p) where name.hasSuffix("weight") && p.shape.rank == 1: generator.fillUniform(p.value, low: 0.5, high: 2)
            default: break
            }
        }
        return network
    }

    /// ResNet-18 of width 2 for 1×8×8 inputs and 3 classes, its BatchNorm running statistics
    /// moved off (0, 1) by a few training-mode passes: evaluation mode then shifts as well as
    /// scales, so units switch along an integration path from 0.
    static func resnet(seed: UInt64) -> Network {
        let network = ResNet18.make(inputShape: [1, 8, 8], classes: 3, width: 2, generator: Generator(seed: seed))
        for pass in 0..<5 {
            _ = network.forward(images(8, [1, 8, 8], seed: seed + 100 + UInt64(pass), mean: 0.5), ForwardContext(mode: .training))
        }
        return network
    }

    /// For 1×1×2 inputs x: flatten → fc1 (2→2, W = [[1, −1], [2, 1]], no bias) → relu → fc2
    /// (2→2, W = [[1, 2], [−1, 1]], no bias). At x = (0.5, 0.25): h = (0.25, 1.25),
    /// S = (0.25 + 2.5, −0.25 + 1.25) = (2.75, 1).
    static func twoLayerReLU() -> Network {
        let root = Sequential([
            ("flatten", Flatten()),
            ("fc1", Linear(2, 2, bias: false, generator: Generator(seed: 0))), ("relu", ReLU()),
            ("fc2", Linear(2, 2, bias: false, generator: Generator(seed: 0))),
        ])
        let network = Network(kind: "two-layer-relu", root: root, inputShape: [1, 1, 2])
        HandBuiltNetworks.set(network, "fc1.weight", [1, -1, 2, 1])
        HandBuiltNetworks.set(network, "fc2.weight", [1, 2, -1, 1])
        return network
    }

    /// The MNIST CNN (with its max-pool) for 1×8×8 inputs and 10 classes.
    static func mnistCNN(seed: UInt64) -> Network {
        MNISTCNN.make(inputShape: [1, 8, 8], classes: 10, generator: Generator(seed: seed))
    }

    /// n images of N(mean, 1) values.
    static func images(_ n: Int, _ shape: Shape, seed: UInt64, mean: Float = 0) -> Tensor {
        let x = Tensor(uninitialized: Shape([n] + shape.dims))
        Generator(seed: seed).fillNormal(x, mean: mean, std: 1)
        return x
    }

    /// S_c(x) of every item, in evaluation mode.
    static func scores(_ network: Network, _ inputs: Tensor, classes: [Int]) -> [Double] {
        let output = network.forward(inputs, .evaluation)
        return classes.enumerated().map { Double(output[$0.offset, $0.element]) }
    }
}
