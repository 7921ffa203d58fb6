import Tensors

extension Network {
    /// The first state tensor (a weight, or a buffer such as BatchNorm's running statistics)
    /// holding a NaN or infinity, with the element, in `state_dict` order; nil if all are finite.
    public var firstNonFiniteState: (name: String, index: Int, value: Float)? {
        for (name, entry) in state {
            let tensor: Tensor
            switch entry {
            case .parameter(let p): tensor = p.value
            case .buffer(let t): tensor = t
            case .counter: continue
            }
            if let bad = tensor.firstNonFinite { return (name, bad.index, bad.value) }
        }
        return nil
    }
}
