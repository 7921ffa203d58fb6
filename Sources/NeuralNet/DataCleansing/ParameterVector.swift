import Tensors

/// A network's parameters (or their gradients) as one flat vector, in `state_dict` order:
/// what the SGD trajectory stores per epoch and what the influence recursion's u lives in.
extension Network {
    /// Every parameter's values, concatenated in `parameters` order.
    public func parameterVector() -> [Float] { flattened { $0.value } }

    /// Every parameter's accumulated gradient, concatenated in `parameters` order.
    public func gradientVector() -> [Float] { flattened { $0.grad } }

    /// Overwrites every parameter from a vector made by `parameterVector()` (same model).
    public func setParameters(_ vector: [Float]) {
        precondition(vector.count == parameterCount, "\(vector.count) values for \(parameterCount) parameters")
        var offset = 0
        vector.withUnsafeBufferPointer { v in
            for (_, p) in parameters {
                p.value.data.update(from: v.baseAddress! + offset, count: p.value.count)
                offset += p.value.count
            }
        }
    }

    private func flattened(_ tensor: (Parameter) -> Tensor) -> [Float] {
        var result: [Float] = []
        result.reserveCapacity(parameterCount)
        for (_, p) in parameters {
            let t = tensor(p)
            result.append(contentsOf: UnsafeBufferPointer(start: t.data, count: t.count))
        }
        return result
    }
}

/// ⟨a, b⟩ summed in Double in index order (one fixed order: the same bits at any thread count).
func dot(_ a: [Float], _ b: [Double]) -> Double {
    precondition(a.count == b.count, "dot of \(a.count) and \(b.count) values")
    var sum = 0.0
    for i in a.indices { sum += Double(a[i]) * b[i] }
    return sum
}
