import Tensors

/// Max pooling over windows of a series, PyTorch's `nn.MaxPool1d(kernel, stride)`: the 2-D
/// kernel with H = 1. x: (N, C, L), y: (N, C, OL) with OL = (L − K) / stride + 1 (floor).
public final class MaxPool1d: Layer {
    public let kernel: Int
    public let stride: Int
    private let pool = MaxPoolKernel()

    /// `stride` defaults to `kernel`, as in PyTorch.
    public init(kernel: Int, stride: Int? = nil) {
        precondition(kernel >= 1 && (stride ?? 1) >= 1, "MaxPool1d: bad kernel \(kernel) or stride \(String(describing: stride))")
        self.kernel = kernel
        self.stride = stride ?? kernel
    }

    func geometry(_ input: Shape) -> ConvGeometry {
        precondition(input.rank == 3, "MaxPool1d needs (N, C, L), got \(input)")
        let g = ConvGeometry(channels: 1, height: 1, width: input[2], kernel: (1, kernel), stride: (1, stride))
        precondition(g.fits, "MaxPool1d kernel \(kernel) larger than input \(input)")
        return g
    }
    public func outputShape(for input: Shape) -> Shape {
        [input[0], input[1], geometry(input).outputWidth]
    }

    public func forward(_ x: Tensor, _ context: ForwardContext) -> Tensor {
        let y = Tensor(uninitialized: outputShape(for: x.shape))
        pool.forward(geometry(x.shape), planes: x.shape[0] * x.shape[1], input: x, output: y)
        return y
    }
    public func backward(_ dOutput: Tensor, _ options: BackwardOptions) -> Tensor {
        backward(dOutput, options, throughReLU: false)
    }
}

extension MaxPool1d: BackwardThroughReLU {
    func backward(_ dOutput: Tensor, _ options: BackwardOptions, throughReLU: Bool) -> Tensor {
        pool.backward(dOutput, layer: "MaxPool1d", throughReLU: throughReLU, releasing: options.releasesSaved)
    }
}
