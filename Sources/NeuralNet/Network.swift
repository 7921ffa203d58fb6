import Tensors

/// A model: a root `Sequential` with PyTorch state names, plus the operations the trainer and
/// the attribution methods share.
public final class Network {
    public let kind: String
    public let root: Sequential
    /// Shape of one input item (C, H, W) or (C, W) or (F).
    public let inputShape: Shape

    public init(kind: String, root: Sequential, inputShape: Shape) {
        self.kind = kind
        self.root = root
        self.inputShape = inputShape
    }

    /// Every state entry in `state_dict` order: the one list of names checkpoints, optimizers
    /// and printing use.
    public var state: [(name: String, entry: StateEntry)] { root.state }
    public var parameters: [(name: String, parameter: Parameter)] { root.parameters }
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.parameter.value.count } }
    public var layerPaths: [String] { root.layerPaths }

    public func forward(_ x: Tensor, _ context: ForwardContext = .evaluation) -> Tensor {
        root.forward(x, context)
    }
    public func forward(_ x: Tensor, _ context: ForwardContext, through path: String?) -> Tensor {
        root.forward(x, context, through: path)
    }
    public func backward(_ dOutput: Tensor, _ options: BackwardOptions = .training,
                         from: String? = nil, stopAt: String? = nil) -> Tensor {
        root.backward(dOutput, options, from: from, stopAt: stopAt)
    }
    public func activation(at path: String) -> Tensor { root.activation(at: path) }

    public func zeroGradients() {
        for (_, p) in parameters { p.grad.fill(0) }
    }

    /// ∂(Σ seed ⊙ output)/∂input: a backward pass started from any scalar of the output,
    /// e.g. a one-hot seed for a class score. The seed is built from the output.
    public func inputGradient(_ x: Tensor, mode: Mode = .evaluation, reluRule: ReLURule = .standard,
                              seed: (Tensor) -> Tensor) -> (output: Tensor, gradient: Tensor) {
        let y = forward(x, ForwardContext(mode: mode))
        let g = backward(seed(y), BackwardOptions(reluRule: reluRule, parameterGradients: false))
        return (y, g)
    }
}

extension Tensor {
    /// A one-hot seed of an (N, K) output: 1 at (i, classes[i]).
    public static func oneHot(_ classes: [Int], classCount: Int) -> Tensor {
        let t = Tensor(zeros: [classes.count, classCount])
        for (i, c) in classes.enumerated() { t.data[i * classCount + c] = 1 }
        return t
    }
}
