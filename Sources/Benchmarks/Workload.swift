import Attribution
import CBLAS
import NeuralNet
import Tensors

/// One thing `driftlab bench` times: a closure doing one batch of work, prepared outside the
/// timed region. Comparisons with PyTorch are measured side by side (docs/performance.md),
/// never stored here.
public struct Workload {
    public let name: String
    public let batch: Int
    public let unit: Unit
    let prepare: () -> () -> Void
    /// Floating-point operations of one run, for GFLOP/s workloads.
    let flops: Double

    public enum Unit: String, Codable { case samplesPerSecond = "samples/s", gigaflops = "GFLOP/s" }

    /// Converts seconds per run into the workload's unit.
    func rate(seconds: Double) -> Double {
        switch unit {
        case .samplesPerSecond: return Double(batch) / seconds
        case .gigaflops: return flops / seconds / 1e9
        }
    }
}

extension Workload {
    /// The workloads of issue 2, in table order.
    public static let all: [Workload] = [
        training("mnist-cnn-train", batch: 128) {
            MNISTCNN.make(inputShape: [1, 28, 28], classes: 10, generator: $0) },
        training("resnet18-w64-train", batch: 128) {
            ResNet18.make(inputShape: [3, 32, 32], classes: 10, width: 64, generator: $0) },
        training("resnet18-w16-train", batch: 128) {
            ResNet18.make(inputShape: [3, 32, 32], classes: 10, width: 16, generator: $0) },
        training("sfhf-cnn-train", batch: 64) {
            SFHFCNN.make(inputShape: [6, 30], classes: 19, generator: $0) },
        regression("mlp-train", batch: 64) {
            MLP.make(sizes: [10, 100, 100, 1], generator: $0) },
        inputGradient("mnist-cnn-input-grad", batch: 128) {
            MNISTCNN.make(inputShape: [1, 28, 28], classes: 10, generator: $0) },
        inputGradient("resnet18-w64-input-grad", batch: 128) {
            ResNet18.make(inputShape: [3, 32, 32], classes: 10, width: 64, generator: $0) },
        inference("mnist-cnn-infer", batch: 256) {
            MNISTCNN.make(inputShape: [1, 28, 28], classes: 10, generator: $0) },
        inference("resnet18-w64-infer", batch: 256) {
            ResNet18.make(inputShape: [3, 32, 32], classes: 10, width: 64, generator: $0) },
        activationMaximization(),
        gemm(1024),
        gemm(1024, openBLAS: true),
    ]

    /// A fresh seeded generator, the model built from it, and a random batch for it: what every
    /// network workload prepares before timing.
    static func prepared(_ model: (Generator) -> Network, batch: Int) -> (Generator, Network, Tensor) {
        let generator = Generator(seed: 0)
        let network = model(generator)
        let x = Tensor(uninitialized: Shape([batch] + network.inputShape.dims))
        generator.fillNormal(x)
        return (generator, network, x)
    }

    static func training(_ name: String, batch: Int,
                         model: @escaping (Generator) -> Network) -> Workload {
        Workload(name: name, batch: batch, unit: .samplesPerSecond, prepare: {
            let (generator, network, x) = prepared(model, batch: batch)
            let classes = network.forward(x.items(0..<1)).shape[1]
            let labels = (0..<batch).map { _ in generator.integer(below: classes) }
            let optimizer = SGD(momentum: 0.9)
            return {
                trainingStep(network, optimizer: optimizer, inputs: x, target: .classes(labels),
                             learningRate: 0.01, generator: generator)
            }
        }, flops: 0)
    }

    static func regression(_ name: String, batch: Int,
                           model: @escaping (Generator) -> Network) -> Workload {
        Workload(name: name, batch: batch, unit: .samplesPerSecond, prepare: {
            let (generator, network, x) = prepared(model, batch: batch)
            let y = Tensor(uninitialized: [batch, 1])
            generator.fillNormal(y)
            let optimizer = Adam()
            return {
                trainingStep(network, optimizer: optimizer, inputs: x, target: .values(y),
                             learningRate: 1e-3, generator: generator)
            }
        }, flops: 0)
    }

    static func inputGradient(_ name: String, batch: Int,
                              model: @escaping (Generator) -> Network) -> Workload {
        Workload(name: name, batch: batch, unit: .samplesPerSecond, prepare: {
            let (_, network, x) = prepared(model, batch: batch)
            return {
                _ = network.inputGradient(x) { y in Tensor.oneHot(y.argmaxRows(), classCount: y.shape[1]) }
            }
        }, flops: 0)
    }

    static func inference(_ name: String, batch: Int,
                          model: @escaping (Generator) -> Network) -> Workload {
        Workload(name: name, batch: batch, unit: .samplesPerSecond, prepare: {
            let (_, network, x) = prepared(model, batch: batch)
            return { _ = network.forward(x, .inference) }
        }, flops: 0)
    }

    /// Paper 004's inner loop: all 64 units of the SFHF-CNN's conv3 maximised together on the
    /// single-axis trunk, 10 ascent steps a run; a "sample" is one unit's step.
    static func activationMaximization() -> Workload {
        let units = 64, steps = 10
        return Workload(name: "sfhf-cnn-am-conv3", batch: units * steps, unit: .samplesPerSecond, prepare: {
            let network = SFHFCNN.make(inputShape: [6, 30], classes: 19, generator: Generator(seed: 0))
            let trunk = SFHFCNN.singleAxisTrunk(of: network, through: "relu3")
            let am = ActivationMaximization(variant: .l2TVEAPClip, steps: steps, learningRate: 1)
            let thresholds = [Float](repeating: 0.5, count: units)
            return { _ = am.run(trunk, layer: "relu3", units: Array(0..<units), thresholds: thresholds) }
        }, flops: 0)
    }

    /// C = A·B, all (n, n), through driftlab's `gemm`, or through OpenBLAS's `cblas_sgemm`
    /// (threaded by OpenBLAS itself over `Threads.count` cores) as the comparison row.
    static func gemm(_ n: Int, openBLAS: Bool = false) -> Workload {
        Workload(name: "gemm-\(n)" + (openBLAS ? "-openblas" : ""), batch: n, unit: .gigaflops, prepare: {
            let generator = Generator(seed: 0)
            let a = Tensor(uninitialized: [n, n]), b = Tensor(uninitialized: [n, n]), c = Tensor(zeros: [n, n])
            generator.fillNormal(a)
            generator.fillNormal(b)
            if openBLAS {
                openblas_set_num_threads(Int32(Threads.count))
                return {
                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(n), Int32(n),
                                1, a.data, Int32(n), b.data, Int32(n), 0, c.data, Int32(n))
                }
            }
            return {
                Tensors.gemm(.none, .none, m: n, n: n, k: n, a: a.data, lda: n, b: b.data, ldb: n, c: c.data, ldc: n)
            }
        }, flops: 2 * Double(n) * Double(n) * Double(n))
    }
}
