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
        parallelRanges(x.count) { r in
            for i in r { dst[i] = src[i] > 0 ? src[i] : 0 }
        }
        output = y
        return y
    }

    public func backward(_ dOutput: Tensor, _ options: BackwardOptions) -> Tensor {
        guard let y = output else { preconditionFailure("ReLU.backward before forward") }
        let dInput = Tensor(uninitialized: y.shape)
        ReLU.applyRule(options.reluRule, output: y.data, dOutput: dOutput.data, dInput: dInput.data, count: y.count)
        return dInput
    }

    /// The four backward rules; `output > 0` is the same test as `input > 0`.
    static func applyRule(_ rule: ReLURule, output: UnsafePointer<Float>, dOutput: UnsafePointer<Float>,
                          dInput: UnsafeMutablePointer<Float>, count: Int) {
        parallelRanges(count) { r in
            switch rule {
            case .standard:
                for i in r { dInput[i] = output[i] > 0 ? dOutput[i] : 0 }
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
