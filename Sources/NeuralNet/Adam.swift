import Tensors

/// PyTorch's `torch.optim.Adam` (amsgrad off). Per element, at step t (counted from 1):
///     g = ∇θ + weightDecay·θ                       (L2 decay added to the gradient)
///     m = m + (1 − β1)·(g − m)                     (PyTorch's lerp form of β1·m + (1 − β1)·g)
///     v = β2·v + (1 − β2)·g·g
///     θ = θ − lr/(1 − β1^t) · m / (√v / √(1 − β2^t) + ε)
/// Slots: "<parameter>.exp_avg" (m) and "<parameter>.exp_avg_sq" (v).
public final class Adam: Optimizer {
    public let beta1: Float
    public let beta2: Float
    public let epsilon: Float
    public let weightDecay: Float
    public private(set) var steps = 0
    private var moments = SlotTable(["exp_avg", "exp_avg_sq"])
    /// β1, β2 as the decimal Python doubles PyTorch would be given (0.999, not 0.99900001287):
    /// 1 − β2 cancels, so the Float's rounding error would grow to ~1e-5 relative.
    private let beta1Double: Double
    private let beta2Double: Double

    public init(beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8, weightDecay: Float = 0) {
        precondition((0..<1).contains(beta1) && (0..<1).contains(beta2), "Adam: betas must be in [0, 1)")
        precondition(epsilon >= 0 && weightDecay >= 0, "Adam: epsilon and weight decay must be ≥ 0")
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        beta1Double = Double(beta1.description) ?? Double(beta1)
        beta2Double = Double(beta2.description) ?? Double(beta2)
    }

    public var slots: [(name: String, tensor: Tensor)] { moments.flattened }

    public func step(_ parameters: [(name: String, parameter: Parameter)], learningRate: Float) {
        steps += 1
        // Scalars as PyTorch forms them: in Double from Python floats, rounded to Float per kernel.
        let t = Double(steps)
        let biasCorrection1 = 1 - Elementary.pow(beta1Double, t)
        let biasCorrection2 = 1 - Elementary.pow(beta2Double, t)
        let stepSize = Float(Double(learningRate) / biasCorrection1)
        let correction2Sqrt = Float(biasCorrection2.squareRoot())
        let w1 = Float(1 - beta1Double), w2 = Float(1 - beta2Double)
        // torch.lerp(m, g, w) switches form at w = 0.5 for accuracy.
        let lerpFromStart = w1 < 0.5, w1Complement = 1 - w1
        let b2 = beta2, eps = epsilon, decay = weightDecay
        for (name, parameter) in parameters {
            let slots = moments.tensors(for: name, shape: parameter.shape)
            let m = slots[0].data, v = slots[1].data
            let theta = parameter.value.data, grad = parameter.grad.data
            parallelRanges(parameter.value.count, costPerItem: 8) { r in
                for i in r {
                    let g = grad[i] + decay * theta[i]
                    let mi = lerpFromStart ? m[i] + w1 * (g - m[i]) : g - (g - m[i]) * w1Complement
                    let vi = v[i] * b2 + w2 * g * g
                    m[i] = mi
                    v[i] = vi
                    let denominator = vi.squareRoot() / correction2Sqrt + eps
                    theta[i] += -stepSize * mi / denominator
                }
            }
        }
    }

    public func restore(slots: [String: Tensor], steps: Int,
                        parameters: [(name: String, parameter: Parameter)]) throws {
        moments = try SlotTable.restored(moments.slotNames, from: slots, steps: steps, parameters: parameters)
        self.steps = steps
    }
}
