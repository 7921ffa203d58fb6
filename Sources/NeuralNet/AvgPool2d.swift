import Tensors

/// Average pooling over square windows without padding, PyTorch's `nn.AvgPool2d(kernel, stride)`.
/// x: (N, C, H, W), y: (N, C, OH, OW) with OH = (H − K) / stride + 1 (floor).
public final class AvgPool2d: Layer {
    public let kernel: Int
    public let stride: Int
    private var inputShape: Shape?

    /// `stride` defaults to `kernel`, as in PyTorch.
    public init(kernel: Int, stride: Int? = nil) {
        precondition(kernel >= 1 && (stride ?? 1) >= 1, "AvgPool2d: bad kernel \(kernel) or stride \(String(describing: stride))")
        self.kernel = kernel
        self.stride = stride ?? kernel
    }

    func geometry(_ input: Shape) -> ConvGeometry {
        precondition(input.rank == 4, "AvgPool2d needs (N, C, H, W), got \(input)")
        let g = ConvGeometry(channels: 1, height: input[2], width: input[3],
                             kernel: (kernel, kernel), stride: (stride, stride))
        precondition(g.fits, "AvgPool2d kernel \(kernel) larger than input \(input)")
        return g
    }
    public func outputShape(for input: Shape) -> Shape {
        let g = geometry(input)
        return [input[0], input[1], g.outputHeight, g.outputWidth]
    }

    public func forward(_ x: Tensor, _ context: ForwardContext) -> Tensor {
        let g = geometry(x.shape)
        inputShape = x.shape
        let y = Tensor(uninitialized: outputShape(for: x.shape))
        let (h, w, oh, ow, k, s) = (g.height, g.width, g.outputHeight, g.outputWidth, kernel, stride)
        let scale = 1 / Float(k * k)
        let src = x.data, dst = y.data
        parallelRanges(x.shape[0] * x.shape[1], costPerItem: oh * ow * k * k) { planes in
            for plane in planes {
                let xp = src + plane * h * w, yp = dst + plane * oh * ow  // xp: (H, W), yp: (OH, OW)
                for oy in 0..<oh { for ox in 0..<ow {
                    var sum: Float = 0
                    for ki in 0..<k { for kj in 0..<k { sum += xp[(oy * s + ki) * w + ox * s + kj] } }
                    yp[oy * ow + ox] = sum * scale
                }}
            }
        }
        return y
    }

    public func backward(_ dOutput: Tensor, _ options: BackwardOptions) -> Tensor {
        guard let shape = inputShape else { preconditionFailure("AvgPool2d.backward before forward") }
        let g = geometry(shape)
        precondition(dOutput.shape == outputShape(for: shape),
                     "AvgPool2d.backward: dOutput \(dOutput.shape) for input \(shape)")
        let dInput = Tensor(uninitialized: shape)
        let (h, w, oh, ow, k, s) = (g.height, g.width, g.outputHeight, g.outputWidth, kernel, stride)
        let scale = 1 / Float(k * k)
        let dy = dOutput.data, dx = dInput.data
        parallelRanges(shape[0] * shape[1], costPerItem: h * w + oh * ow * k * k) { planes in
            for plane in planes {
                let xp = dx + plane * h * w, yp = dy + plane * oh * ow  // xp: (H, W), yp: (OH, OW)
                xp.update(repeating: 0, count: h * w)
                for oy in 0..<oh { for ox in 0..<ow {
                    let g = yp[oy * ow + ox] * scale
                    for ki in 0..<k { for kj in 0..<k { xp[(oy * s + ki) * w + ox * s + kj] += g } }
                }}
            }
        }
        return dInput
    }
}
