import Tensors

/// Updates parameters from their accumulated gradients. Parameters are identified by the
/// network's dotted state names, so optimizer state is saved beside them in checkpoints under
/// `optimizer.<parameter name>.<slot>` (slots named as in PyTorch: `momentum_buffer`,
/// `exp_avg`, `exp_avg_sq`).
public protocol Optimizer: AnyObject {
    /// One update of every parameter at the given learning rate.
    func step(_ parameters: [(name: String, parameter: Parameter)], learningRate: Float)
    /// Per-parameter state tensors, "<parameter name>.<slot>", in a fixed order.
    var slots: [(name: String, tensor: Tensor)] { get }
    /// Number of `step` calls so far (Adam's bias correction uses it).
    var steps: Int { get }
    /// Restores slots and step count saved by `slots`/`steps`; throws on a missing or misshapen slot.
    func restore(slots: [String: Tensor], steps: Int, parameters: [(name: String, parameter: Parameter)]) throws
}
