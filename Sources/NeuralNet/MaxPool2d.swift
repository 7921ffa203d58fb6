import Tensors

/// Max pooling over square windows without padding, PyTorch's `nn.MaxPool2d(kernel, stride)`.
/// x: (N, C, H, W), y: (N, C, OH, OW) with OH = (H − K) / stride + 1 (floor).
/// Backward sends each output's gradient to its window's argmax (the first maximum on ties).
public final class MaxPool2d: Layer {
    public let kernel: Int
    public let stride: Int
    private let pool = MaxPoolKernel()

    /// `stride` defaults to `kernel`, as in PyTorch.
    public init(kernel: Int, stride: Int? = nil) {
        precondition(kernel >= 1 && (stride ?? 1) >= 1, "MaxPool2d: bad kernel \(kernel) or stride \(String(describing: stride))")
        self.kernel = kernel
        self.stride = stride ?? kernel
    }

    func geometry(_ input: Shape) -> ConvGeometry {
        precondition(input.rank == 4, "MaxPool2d needs (N, C, H, W), got \(input)")
        let g = ConvGeometry(channels: 1, height: input[2], width: input[3],
                             kernel: (kernel, kernel), stride: (stride, stride))
        precondition(g.fits, "MaxPool2d kernel \(kernel) larger than input \(input)")
        return g
    }
    public func outputShape(for input: Shape) -> Shape {
        let g = geometry(input)
        return [input[0], input[1], g.outputHeight, g.outputWidth]
    }

    public func forward(_ x: Tensor, _ context: ForwardContext) -> Tensor {
        let y = Tensor(uninitialized: outputShape(for: x.shape))
        pool.forward(geometry(x.shape), planes: x.shape[0] * x.shape[1], input: x, output: y)
        return y
    }
    public func backward(_ dOutput: Tensor, _ options: BackwardOptions) -> Tensor {
        pool.backward(dOutput, layer: "MaxPool2d")
    }
}

/// The max-pooling kernel MaxPool2d and MaxPool1d (as H = 1) share; it keeps the argmaxes of
/// the last forward pass for backward.
/// Legend: planes = N·C, H, W input, KH, KW window, SH, SW stride, OH, OW output.
final class MaxPoolKernel {
    private var argmax: [Int32] = []  // (planes, OH, OW): index of the maximum within its (H, W) plane
    private var last: (geometry: ConvGeometry, planes: Int, inputShape: Shape, outputShape: Shape)?

    /// input: (planes, H, W), output: (planes, OH, OW).
    func forward(_ g: ConvGeometry, planes: Int, input: Tensor, output: Tensor) {
        let (oh, ow, h, w) = (g.outputHeight, g.outputWidth, g.height, g.width)
        let (kh, kw, sh, sw) = (g.kernelHeight, g.kernelWidth, g.strideHeight, g.strideWidth)
        precondition(h * w < Int(Int32.max), "MaxPool plane \(h)×\(w) too large for Int32 indices")
        if argmax.count < output.count { argmax = [Int32](repeating: 0, count: output.count) }
        last = (g, planes, input.shape, output.shape)
        let x = input.data, y = output.data
        argmax.withUnsafeMutableBufferPointer { indices in
            let at = indices.baseAddress!
            parallelRanges(planes, costPerItem: oh * ow * kh * kw) { range in
                for plane in range {
                    let src = x + plane * h * w  // src: (H, W)
                    let base = plane * oh * ow
                    for oy in 0..<oh { for ox in 0..<ow {
                        var bestIndex = oy * sh * w + ox * sw
                        var best = src[bestIndex]
                        for ki in 0..<kh {
                            let row = (oy * sh + ki) * w + ox * sw
                            for kj in 0..<kw {
                                let v = src[row + kj]
                                // Strictly greater keeps the first maximum; NaN propagates as in PyTorch.
                                if v > best || v.isNaN { best = v; bestIndex = row + kj }
                            }
                        }
                        y[base + oy * ow + ox] = best
                        at[base + oy * ow + ox] = Int32(bestIndex)
                    }}
                }
            }
        }
    }

    /// dOutput: (planes, OH, OW) → dInput: (planes, H, W), zero except at argmaxes.
    func backward(_ dOutput: Tensor, layer: String) -> Tensor {
        guard let (g, planes, inputShape, outputShape) = last else {
            preconditionFailure("\(layer).backward before forward")
        }
        precondition(dOutput.shape == outputShape, "\(layer).backward: dOutput \(dOutput.shape), expected \(outputShape)")
        let plane = g.height * g.width, outPlane = g.outputPlane
        let dInput = Tensor(uninitialized: inputShape)
        let dx = dInput.data, dy = dOutput.data
        argmax.withUnsafeBufferPointer { indices in
            let at = indices.baseAddress!
            parallelRanges(planes, costPerItem: plane + outPlane) { range in
                for p in range {
                    let dst = dx + p * plane  // dst: (H, W)
                    dst.update(repeating: 0, count: plane)
                    // += because overlapping windows (stride < kernel) can share an argmax.
                    for o in (p * outPlane)..<((p + 1) * outPlane) { dst[Int(at[o])] += dy[o] }
                }
            }
        }
        return dInput
    }
}
