import Tensors

/// y = max(x, 0). Its backward rule is chosen per call (`BackwardOptions.reluRule`), which is
/// how saliency, Deconvnet, Guided Backprop and guided-minus share one network.
public final class ReLU: Layer {
    private var output: Tensor?
    public init() {}
    public func outputShape(for input: Shape) -> Shape { input }

    public func forward(_ x: Tensor, _ context: ForwardContext) -> Tensor {
        let y = Tensor(uninitialized: x.shape)
        let src = x.data, dst = y.data
        parallelRanges(x.count) { r in rectify(src + r.lowerBound, into: dst + r.lowerBound, count: r.count) }
        output = context.savesForBackward ? y : nil
        return y
    }

    /// Keeps `y` for backward as `forward` would have, where the layer before computed this
    /// ReLU's output in its own pass (`BatchNorm.Epilogue`).
    func keep(output y: Tensor, _ context: ForwardContext) {
        output = context.savesForBackward ? y : nil
    }

    /// What `backward` does to what this layer kept, for a backward the layer after it has
    /// already computed (`BackwardThroughReLU`).
    func backwardComputedByNextLayer(_ options: BackwardOptions) {
        precondition(output != nil, "ReLU.backward before forward")
        if options.releasesSaved { output = nil }
    }

    public func backward(_ dOutput: Tensor, _ options: BackwardOptions) -> Tensor {
        guard let y = output else { preconditionFailure("ReLU.backward before forward") }
        let dInput = Tensor(uninitialized: y.shape)
        ReLU.applyRule(options.reluRule, output: y.data, dOutput: dOutput.data, dInput: dInput.data, count: y.count)
        if options.releasesSaved { output = nil }
        return dInput
    }

    /// The four backward rules; `output > 0` is the same test as `input > 0`.
    static func applyRule(_ rule: ReLURule, output: UnsafePointer<Float>, dOutput: UnsafePointer<Float>,
                          dInput: UnsafeMutablePointer<Float>, count: Int) {
        parallelRanges(count) { r in
            switch rule {
            case .standard:
                passWherePositive(dOutput + r.lowerBound, where: output + r.lowerBound, into: dInput + r.lowerBound,
                                  count: r.count)
            case .deconvnet:
                for i in r { dInput[i] = max(dOutput[i], 0) }
            case .guided:
                for i in r { dInput[i] = output[i] > 0 ? max(dOutput[i], 0) : 0 }
            case .guidedMinus:
                for i in r { dInput[i] = output[i] > 0 ? min(dOutput[i], 0) : 0 }
            }
        }
    }
}

/// A layer whose backward can include that of the ReLU before it (whose output is this layer's
/// input), under the standard rule, in the pass that writes dInput: with `throughReLU`, the same
/// bits as the two backwards one after the other, one pass over the activation fewer; without,
/// its plain backward. `Sequential` and `BasicBlock` use it; the ReLU's time then counts as this
/// layer's in `--profile`.
protocol BackwardThroughReLU: Layer {
    func backward(_ dOutput: Tensor, _ options: BackwardOptions, throughReLU: Bool) -> Tensor
}
