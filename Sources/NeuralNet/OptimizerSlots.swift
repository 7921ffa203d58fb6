import Tensors

/// A checkpointed optimizer slot that is missing or does not match its parameter's shape.
public struct OptimizerStateError: Error, CustomStringConvertible {
    /// "<parameter name>.<slot>", e.g. "fc1.weight.exp_avg".
    public let slot: String
    public let expected: Shape
    /// The saved shape; nil when the slot is missing.
    public let actual: Shape?

    public init(slot: String, expected: Shape, actual: Shape?) {
        self.slot = slot
        self.expected = expected
        self.actual = actual
    }

    public var description: String {
        if let actual {
            return "optimizer slot '\(slot)' has shape \(actual), but its parameter has shape \(expected)"
        }
        return "optimizer slot '\(slot)' is missing (expected shape \(expected))"
    }
}

/// The per-parameter state tensors of an optimizer, keyed by parameter name and kept in the
/// order parameters were first seen. Slots start as zeros, as PyTorch's do; keying by the
/// parameter's own name means a step looks slots up without building strings.
struct SlotTable {
    /// Slot names in PyTorch's spelling, e.g. ["exp_avg", "exp_avg_sq"].
    let slotNames: [String]
    /// Each parameter's slots, one tensor per slot name, shaped like the parameter.
    private var entries: [(parameter: String, tensors: [Tensor])] = []
    private var index: [String: Int] = [:]

    init(_ slotNames: [String]) { self.slotNames = slotNames }

    /// The slots of parameter `name`, created as zeros on its first step.
    mutating func tensors(for name: String, shape: Shape) -> [Tensor] {
        if let i = index[name] {
            let tensors = entries[i].tensors
            precondition(tensors.allSatisfy { $0.shape == shape },
                         "optimizer state for '\(name)' does not match its parameter's shape \(shape)")
            return tensors
        }
        let tensors = slotNames.map { _ in Tensor(zeros: shape) }
        index[name] = entries.count
        entries.append((name, tensors))
        return tensors
    }

    /// "<parameter>.<slot>" → tensor, parameters in first-seen order, slots in `slotNames` order.
    var flattened: [(name: String, tensor: Tensor)] {
        entries.flatMap { entry in
            zip(slotNames, entry.tensors).map { (entry.parameter + "." + $0.0, $0.1) }
        }
    }

    /// A table holding copies of the saved slots of `parameters`. After `steps` > 0 every slot
    /// must be present; before any step a parameter may have none (they start as zeros), but
    /// not only some. Entries not naming a slot of these parameters are ignored.
    static func restored(_ slotNames: [String], from saved: [String: Tensor], steps: Int,
                         parameters: [(name: String, parameter: Parameter)]) throws -> SlotTable {
        precondition(steps >= 0, "optimizer step count must be ≥ 0, got \(steps)")
        var table = SlotTable(slotNames)
        for (name, parameter) in parameters {
            let keys = slotNames.map { name + "." + $0 }
            let found = keys.map { saved[$0] }
            if steps == 0 && found.allSatisfy({ $0 == nil }) { continue }
            var tensors: [Tensor] = []
            for (key, tensor) in zip(keys, found) {
                guard let tensor else {
                    throw OptimizerStateError(slot: key, expected: parameter.shape, actual: nil)
                }
                guard tensor.shape == parameter.shape else {
                    throw OptimizerStateError(slot: key, expected: parameter.shape, actual: tensor.shape)
                }
                tensors.append(tensor.copy())
            }
            table.index[name] = table.entries.count
            table.entries.append((name, tensors))
        }
        return table
    }
}
