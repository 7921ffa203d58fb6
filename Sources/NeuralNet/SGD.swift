import Tensors

/// PyTorch's `torch.optim.SGD` with dampening 0. Per element, with μ = momentum:
///     g = ∇θ + weightDecay·θ
///     buf = g on the first step, else μ·buf + g          (only when μ ≠ 0)
///     g = nesterov ? g + μ·buf : buf                      (only when μ ≠ 0)
///     θ = θ − lr·g
/// Slot: "<parameter>.momentum_buffer" when μ ≠ 0.
public final class SGD: Optimizer {
    public let momentum: Float
    public let nesterov: Bool
    public let weightDecay: Float
    public private(set) var steps = 0
    private var buffers = SlotTable(["momentum_buffer"])

    public init(momentum: Float = 0, nesterov: Bool = false, weightDecay: Float = 0) {
        precondition(momentum >= 0 && weightDecay >= 0, "SGD: momentum and weight decay must be ≥ 0")
        precondition(!nesterov || momentum > 0, "SGD: Nesterov momentum requires a momentum")
        self.momentum = momentum
        self.nesterov = nesterov
        self.weightDecay = weightDecay
    }

    public var slots: [(name: String, tensor: Tensor)] { buffers.flattened }

    public func step(_ parameters: [(name: String, parameter: Parameter)], learningRate: Float) {
        steps += 1
        let mu = momentum, decay = weightDecay, nesterov = nesterov, lr = learningRate
        for (name, parameter) in parameters {
            let theta = parameter.value.data, grad = parameter.grad.data
            if mu == 0 {
                parallelRanges(parameter.value.count, costPerItem: 2) { r in
                    for i in r { theta[i] -= lr * (grad[i] + decay * theta[i]) }
                }
                continue
            }
            // The buffer starts at 0, so μ·0 + g = g is PyTorch's first-step buf = g exactly.
            let buf = buffers.tensors(for: name, shape: parameter.shape)[0].data
            parallelRanges(parameter.value.count, costPerItem: 4) { r in
                for i in r {
                    let g = grad[i] + decay * theta[i]
                    let b = mu * buf[i] + g
                    buf[i] = b
                    theta[i] -= lr * (nesterov ? g + mu * b : b)
                }
            }
        }
    }

    public func restore(slots: [String: Tensor], steps: Int,
                        parameters: [(name: String, parameter: Parameter)]) throws {
        precondition(steps >= 0, "optimizer step count must be ≥ 0, got \(steps)")
        // μ = 0 keeps no state, so there is nothing to require.
        if momentum != 0 {
            buffers = try SlotTable.restored(buffers.slotNames, from: slots, steps: steps, parameters: parameters)
        }
        self.steps = steps
    }
}
