import Tensors

/// Whether a forward pass trains (batch statistics, dropout) or evaluates.
public enum Mode: Sendable { case training, evaluation }

/// What a forward pass needs besides its input: the mode and, when training, the run's
/// generator for dropout.
public struct ForwardContext {
    public var mode: Mode
    public var generator: Generator?
    /// Whether layers keep what their backward needs (inputs, ReLU outputs) and `Sequential`
    /// its children's outputs (`activation(at:)`). False for a pass only its output is wanted
    /// from: each activation is freed as soon as the next layer has read it.
    public var savesForBackward: Bool
    public init(mode: Mode, generator: Generator? = nil, savesForBackward: Bool = true) {
        self.mode = mode
        self.generator = generator
        self.savesForBackward = savesForBackward
    }
    public static let evaluation = ForwardContext(mode: .evaluation)
    /// Evaluation mode, nothing kept: predictions, losses, benchmarks of inference.
    public static let inference = ForwardContext(mode: .evaluation, savesForBackward: false)
}

/// The rule a ReLU applies to the incoming gradient g on the way back, given its forward input x.
public enum ReLURule: String, Sendable, CaseIterable {
    /// g · [x > 0] — the true gradient.
    case standard
    /// max(g, 0) — Deconvnet (Zeiler & Fergus 2014), ignores the forward sign.
    case deconvnet
    /// max(g, 0) · [x > 0] — Guided Backprop (Springenberg et al. 2015).
    case guided
    /// min(g, 0) · [x > 0] — "guided minus", the negative half of Guided Backprop (paper 003).
    case guidedMinus
}

/// Options of one backward pass.
public struct BackwardOptions {
    public var reluRule: ReLURule
    /// False for attribution: only the input gradient is needed, parameter gradients are skipped.
    public var parameterGradients: Bool
    /// Each layer drops what its forward kept for backward as soon as its backward is done, so
    /// a training step's activations are freed along the way back instead of living on until
    /// the next step's forward replaces them. Only for a backward that is the last one of its
    /// forward pass: a second backward would find nothing.
    public var releasesSaved: Bool
    /// False when nobody reads the gradient w.r.t. the network's input (a training step): the
    /// first layer may then skip computing it and return zeros. `Sequential` hands it on to its
    /// first child only; every other child's input gradient is needed by the child before it.
    public var inputGradient: Bool
    public init(reluRule: ReLURule = .standard, parameterGradients: Bool = true, releasesSaved: Bool = false,
                inputGradient: Bool = true) {
        self.reluRule = reluRule
        self.parameterGradients = parameterGradients
        self.releasesSaved = releasesSaved
        self.inputGradient = inputGradient
    }
    public static let training = BackwardOptions()
    /// `trainingStep`'s: one backward per forward, so the saved activations go as it passes, and
    /// the network's input gradient is not computed (a convolution stem skips its dInput GEMM).
    public static let trainingStep = BackwardOptions(releasesSaved: true, inputGradient: false)
    public static let inputOnly = BackwardOptions(parameterGradients: false)
}

/// A trainable tensor and its accumulated gradient.
public final class Parameter {
    public var value: Tensor
    public let grad: Tensor
    public init(_ value: Tensor) {
        self.value = value
        self.grad = Tensor(zeros: value.shape)
    }
    public var shape: Shape { value.shape }
}

/// A non-trainable integer in a layer's state (BatchNorm's `num_batches_tracked`).
public final class Counter {
    public var value: Int64
    public init(_ value: Int64 = 0) { self.value = value }
}

/// One entry of a layer's state, as PyTorch's `state_dict` lists it.
public enum StateEntry {
    case parameter(Parameter)
    case buffer(Tensor)
    case counter(Counter)

    public var shape: Shape {
        switch self {
        case .parameter(let p): return p.shape
        case .buffer(let t): return t.shape
        case .counter: return []
        }
    }
}

/// A differentiable layer. `forward` keeps what `backward` needs; `backward` takes the gradient
/// of the loss w.r.t. the layer's last output and returns it w.r.t. the last input, adding
/// parameter gradients into `Parameter.grad` when asked.
public protocol Layer: AnyObject {
    func forward(_ input: Tensor, _ context: ForwardContext) -> Tensor
    func backward(_ dOutput: Tensor, _ options: BackwardOptions) -> Tensor
    /// State in PyTorch `state_dict` order, names relative to this layer ("weight", "0.conv1.weight").
    var state: [(name: String, entry: StateEntry)] { get }
    /// Output shape for an input shape (batch axis included), checked without running the layer.
    func outputShape(for input: Shape) -> Shape
}

extension Layer {
    public var state: [(name: String, entry: StateEntry)] { [] }
    public var parameters: [(name: String, parameter: Parameter)] {
        state.compactMap { if case .parameter(let p) = $0.entry { return ($0.name, p) } else { return nil } }
    }
}

/// Prefixes every state name of `child` with `prefix.`, as nested PyTorch modules do.
func prefixed(_ prefix: String, _ child: Layer) -> [(name: String, entry: StateEntry)] {
    child.state.map { (prefix + "." + $0.name, $0.entry) }
}
