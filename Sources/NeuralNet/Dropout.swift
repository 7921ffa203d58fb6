import Tensors

/// PyTorch's `nn.Dropout(p)`, inverted: while training each element is kept with probability
/// 1 − p and scaled by 1/(1 − p), so evaluation is the identity.
public final class Dropout: Layer {
    public let p: Float
    /// The last training forward's multipliers, 0 or 1/(1 − p), shaped as the input;
    /// nil when the last forward was the identity.
    private var mask: Tensor?

    public init(_ p: Float) {
        precondition(p >= 0 && p <= 1, "dropout probability must be in [0, 1], got \(p)")
        self.p = p
    }

    public func outputShape(for input: Shape) -> Shape { input }

    public func forward(_ x: Tensor, _ context: ForwardContext) -> Tensor {
        // As PyTorch: no draws at p = 0 or in evaluation.
        guard context.mode == .training, p > 0 else {
            mask = nil
            return x
        }
        precondition(context.generator != nil, "Dropout(\(p)) in training needs ForwardContext.generator")
        let generator = context.generator!
        // keep ⇔ u < 1 − p for one u ~ U[0, 1) per element in order (PyTorch's bernoulli(1 − p));
        // at p = 1 nothing is kept and the scale is moot.
        let keep = 1 - p
        let scale: Float = p < 1 ? 1 / keep : 0
        let multipliers = Tensor(uninitialized: x.shape)
        let y = Tensor(uninitialized: x.shape)
        let src = x.data, dst = y.data, m = multipliers.data
        generator.fillUniform(m, count: x.count)  // the draws in element order, then 0 or the scale
        parallelRanges(x.count) { r in
            for i in r {
                let factor: Float = m[i] < keep ? scale : 0
                m[i] = factor
                dst[i] = src[i] * factor
            }
        }
        mask = multipliers
        return y
    }

    public func backward(_ dOutput: Tensor, _ options: BackwardOptions) -> Tensor {
        guard let mask else { return dOutput }
        precondition(dOutput.count == mask.count, "Dropout.backward: gradient \(dOutput.shape) for input \(mask.shape)")
        // dInput = dOutput ⊙ mask
        let dInput = Tensor(uninitialized: mask.shape)
        let g = dOutput.data, m = mask.data, dx = dInput.data
        parallelRanges(mask.count) { r in
            for i in r { dx[i] = g[i] * m[i] }
        }
        if options.releasesSaved { self.mask = nil }
        return dInput
    }
}
