import NeuralNet
import Tensors

/// Paper 001's maximally invariant perturbation: per pixel, the largest noise amplitude w ∈ [0, 1]
/// the network's output tolerates. Pixels with w near 1 do not contribute; the object shows as
/// low w.
///
///     minimise E(w) = (1/N) Σ_n Σ_k max(|y_k − y'_nk| − a, 0) − λ·mean(w)   over w ∈ [0, 1]^(H×W)
///     x'_n = x + U_n ⊙ w,  U_n ~ Uniform[−1, 1]^(C×H×W), N fresh draws per step
///
/// (`InvarianceObjective` has the gradient), with Adam at learning rate lr from w = w₀ and w
/// clipped to [0, 1] after every step; the network's units are masked from the clean input
/// (`UnitMasks`, thresholds per ReLU in forward order; the paper's [0.2, 0, 0] for the
/// mnist-cnn's conv1, conv2 and fc1). Defaults are the paper's: N = 100, 15 000 steps,
/// lr = 1e-4, a = 0.1 on softmax probabilities (METHODS.md: "open"; the paper only asks that a
/// keep the order of the y_k), λ = 1. w₀ = 0 (the paper gives none).
///
/// Early stop: an item stops when its E has not gone below its best value for `patience`
/// steps (0: never), so the paper's 15 000 steps need not all run on a CPU. E is a
/// Monte-Carlo value (fresh noise each step), so a stop means the improvements have become
/// smaller than the draws' scatter. The map is the item's w after its last step, (N, 1, H, W)
/// — one amplitude per pixel, shared by the channels, as in the paper. The target is not used:
/// E looks at all K outputs.
///
/// Noise rule (as SmoothGrad's): every item draws from its own `Generator(seed: noiseSeed)`,
/// created afresh at each call; step t's draw n for value e is uniform number (t·N + n)·count + e
/// of that stream. Each item has its own Adam state and stopping step, and each perturbed row
/// goes through the network alone (GEMM rows do not mix), so an item's map does not depend on
/// the batch it comes in.
public struct InvariantPerturbation: ConfigurableMethod, ModelCheckedMethod, Sendable {
    public static let name = "invariant-perturbation"
    /// What y and y' are: softmax probabilities (default) or the logits.
    public enum Outputs: String, Sendable, CaseIterable { case softmax, logits }

    /// N, noise draws per step.
    public let samples: Int
    public let steps: Int
    public let learningRate: Float
    /// a, the per-output tolerance.
    public let tolerance: Float
    /// λ, the weight of the mean-w reward.
    public let reward: Float
    /// w₀, every amplitude's start (clipped to [0, 1]).
    public let initialAmplitude: Float
    /// Per ReLU in forward order: units with a clean activation ≤ threshold are forced to 0.
    public let maskThresholds: [Float]
    /// Steps without a new best E before an item stops; 0 = run all `steps`.
    public let patience: Int
    public let seed: UInt64
    public let outputs: Outputs
    /// Perturbed rows per forward/backward pass (memory only).
    public let batchSize: Int

    public init(samples: Int = 100, steps: Int = 15_000, learningRate: Float = 1e-4, tolerance: Float = 0.1, reward: Float = 1,
                initialAmplitude: Float = 0, maskThresholds: [Float] = [0.2, 0, 0], patience: Int = 500, seed: UInt64 = 0,
                outputs: Outputs = .softmax, batchSize: Int = 256) {
        precondition(samples >= 1 && steps >= 1 && patience >= 0 && batchSize >= 1,
                     "invariant perturbation: samples \(samples), steps \(steps), patience \(patience), batch size \(batchSize)")
        precondition(learningRate >= 0 && tolerance >= 0 && reward >= 0 && learningRate.isFinite && tolerance.isFinite && reward.isFinite,
                     "invariant perturbation: learning rate \(learningRate), tolerance \(tolerance), reward \(reward)")
        self.samples = samples
        self.steps = steps
        self.learningRate = learningRate
        self.tolerance = tolerance
        self.reward = reward
        self.initialAmplitude = min(max(initialAmplitude, 0), 1)
        self.maskThresholds = maskThresholds
        self.patience = patience
        self.seed = seed
        self.outputs = outputs
        self.batchSize = batchSize
    }

    /// Spec options: `samples` (100), `steps` (15000), `learningRate` (1e-4), `tolerance` (0.1),
    /// `reward` (1), `initialAmplitude` (0), `maskThresholds` ([0.2, 0, 0]), `patience` (500),
    /// `noiseSeed` (0), `outputs` ("softmax").
    public init(_ p: some MethodParameters) throws {
        self.init(samples: try p.integer("samples", default: 100, atLeast: 1),
                  steps: try p.integer("steps", default: 15_000, atLeast: 1),
                  learningRate: Float(try p.number("learningRate", default: 1e-4, atLeast: 0)),
                  tolerance: Float(try p.number("tolerance", default: 0.1, atLeast: 0)),
                  reward: Float(try p.number("reward", default: 1, atLeast: 0)),
                  initialAmplitude: Float(try p.number("initialAmplitude", default: 0, atLeast: 0)),
                  maskThresholds: try p.numbers("maskThresholds", default: [0.2, 0, 0], atLeast: nil).map(Float.init),
                  patience: try p.integer("patience", default: 500, atLeast: 0),
                  seed: UInt64(try p.integer("noiseSeed", default: 0, atLeast: 0)),
                  outputs: try p.choice("outputs", default: Outputs.softmax))
    }

    public func unsupported(by network: Network) -> String? {
        let relus = LayerSequence(network).reluPositions.count
        guard maskThresholds.count <= relus else {
            return "invariant-perturbation has \(maskThresholds.count) mask thresholds but the network has \(relus) ReLU layers"
        }
        return nil
    }

    /// The maps and, per item, the steps it ran and its last E.
    public struct Result {
        public let maps: Tensor
        public let stepsRun: [Int]
        public let objective: [Double]
    }

    public func attribute(_ network: Network, inputs: Tensor, target: AttributionTarget) -> Tensor {
        optimize(network, inputs: inputs).maps
    }

    /// Softmax probabilities of perturbed copies of ONE clean image (1, C, H, W) through the
    /// network with this method's mask units fitted on it: what the optimisation sees.
    public func maskedProbabilities(_ network: Network, clean: Tensor, perturbed: Tensor) -> Tensor {
        precondition(clean.shape[0] == 1, "maskedProbabilities takes one clean image, got \(clean.shape)")
        let masks = UnitMasks(network, thresholds: maskThresholds, clean: clean)
        return SoftmaxCrossEntropy.probabilities(masks.forward(perturbed, owners: [Int](repeating: 0, count: perturbed.shape[0])))
    }

    /// `stepDone` is told each step's number as it ends (progress of a long optimisation).
    public func optimize(_ network: Network, inputs: Tensor, stepDone: (Int) -> Void = { _ in }) -> Result {
        precondition(inputs.shape.rank == 4, "invariant perturbation needs (N, C, H, W) images, got \(inputs.shape)")
        if let problem = unsupported(by: network) { preconditionFailure(problem) }
        let (n, h, width) = (inputs.shape[0], inputs.shape[2], inputs.shape[3])
        let pixels = h * width, per = inputs.shape.countPerItem
        let objective = InvarianceObjective(masks: UnitMasks(network, thresholds: maskThresholds, clean: inputs),
                                            tolerance: tolerance, reward: Double(reward), outputs: outputs, batchSize: batchSize)
        let generators = (0..<n).map { _ in Generator(seed: seed) }
        let amplitudes = (0..<n).map { _ in Parameter(Tensor(repeating: initialAmplitude, shape: [1, 1, h, width])) }
        let optimizers = (0..<n).map { _ in Adam() }
        var best = [Double](repeating: .infinity, count: n), sinceBest = [Int](repeating: 0, count: n)
        var stepsRun = [Int](repeating: 0, count: n), last = [Double](repeating: .nan, count: n)
        var active = Array(0..<n)
        for step in 0..<steps where !active.isEmpty {
            defer { stepDone(step + 1) }
            let noise = Tensor(uninitialized: Shape([active.count * samples] + inputs.shape.dims.dropFirst()))
            let w = Tensor(uninitialized: [active.count, 1, h, width])
            for (slot, item) in active.enumerated() {
                let u = noise.data + slot * samples * per, g = generators[item]  // u: (N, C, H, W)
                for e in 0..<(samples * per) { u[e] = g.uniform(-1, 1) }
                (w.data + slot * pixels).update(from: amplitudes[item].value.data, count: pixels)
            }
            let (values, gradient) = objective.evaluate(inputs: inputs, items: active, w: w, noise: noise, samples: samples)
            var stillActive: [Int] = []
            withExtendedLifetime(gradient) {
            for (slot, item) in active.enumerated() {
                let parameter = amplitudes[item]
                parameter.grad.data.update(from: gradient.data + slot * pixels, count: pixels)
                optimizers[item].step([("w", parameter)], learningRate: learningRate)
                let value = parameter.value.data
                for p in 0..<pixels { value[p] = min(max(value[p], 0), 1) }
                stepsRun[item] += 1
                last[item] = values[slot]
                if values[slot] < best[item] { (best[item], sinceBest[item]) = (values[slot], 0) } else { sinceBest[item] += 1 }
                if patience == 0 || sinceBest[item] < patience { stillActive.append(item) }
            }
            }
            active = stillActive
        }
        let maps = Tensor(uninitialized: [n, 1, h, width])
        for item in 0..<n { (maps.data + item * pixels).update(from: amplitudes[item].value.data, count: pixels) }
        return Result(maps: maps, stepsRun: stepsRun, objective: last)
    }
}
