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
        backward(dOutput, options, throughReLU: false)
    }
}

extension MaxPool2d: BackwardThroughReLU {
    func backward(_ dOutput: Tensor, _ options: BackwardOptions, throughReLU: Bool) -> Tensor {
        pool.backward(dOutput, layer: "MaxPool2d", throughReLU: throughReLU, releasing: options.releasesSaved)
    }
}

/// The max-pooling kernel MaxPool2d and MaxPool1d (as H = 1) share; it keeps the argmaxes and
/// the output of the last forward pass for backward.
/// Legend: planes = N·C, H, W input, KH, KW window, SH, SW stride, OH, OW output.
final class MaxPoolKernel {
    private var argmax: [Int32] = []  // (planes, OH, OW): index of the maximum within its (H, W) plane
    /// The output holds the maxima: each is the input at its argmax, which decides a ReLU's
    /// backward before the pool.
    private var last: (geometry: ConvGeometry, planes: Int, inputShape: Shape, output: Tensor)?

    /// input: (planes, H, W), output: (planes, OH, OW).
    func forward(_ g: ConvGeometry, planes: Int, input: Tensor, output: Tensor) {
        let (oh, ow, h, w) = (g.outputHeight, g.outputWidth, g.height, g.width)
        let (kh, kw, sh, sw) = (g.kernelHeight, g.kernelWidth, g.strideHeight, g.strideWidth)
        precondition(h * w < Int(Int32.max), "MaxPool plane \(h)×\(w) too large for Int32 indices")
        if argmax.count < output.count { argmax = [Int32](repeating: 0, count: output.count) }
        last = (g, planes, input.shape, output)
        let x = input.data, y = output.data
        argmax.withUnsafeMutableBufferPointer { indices in
            let at = indices.baseAddress!
            parallelRanges(planes, costPerItem: oh * ow * kh * kw) { range in
                if (kh, kw, sh, sw) == (2, 2, 2, 2) {
                    MaxPoolKernel.forwardTwoByTwo(planes: range, height: h, width: w, input: x, output: y, argmax: at)
                } else {
                    MaxPoolKernel.forwardAnyWindow(g, planes: range, input: x, output: y, argmax: at)
                }
            }
        }
    }

    /// Any window and stride: the reference the unrolled 2 × 2 kernel is tested against.
    /// input: (planes, H, W), output and argmax: (planes, OH, OW).
    static func forwardAnyWindow(_ g: ConvGeometry, planes: Range<Int>, input x: UnsafePointer<Float>,
                                 output y: UnsafeMutablePointer<Float>, argmax at: UnsafeMutablePointer<Int32>) {
        let (oh, ow, h, w) = (g.outputHeight, g.outputWidth, g.height, g.width)
        let (kh, kw, sh, sw) = (g.kernelHeight, g.kernelWidth, g.strideHeight, g.strideWidth)
        for plane in planes {
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

    /// The 2 × 2 stride-2 window (every CNN here), unrolled: the same comparisons in the same
    /// order as the general loop — (0,0), (0,1), (1,0), (1,1) — so the same maxima and argmaxes,
    /// in eight lanes at a time (mnist-cnn input gradient: 16.5 → 3.8 ms per step).
    /// input: (planes, H, W), output and argmax: (planes, H/2, W/2) (floor).
    static func forwardTwoByTwo(planes: Range<Int>, height h: Int, width w: Int, input x: UnsafePointer<Float>,
                                output y: UnsafeMutablePointer<Float>, argmax at: UnsafeMutablePointer<Int32>) {
        let oh = h / 2, ow = w / 2
        for plane in planes {
            let src = x + plane * h * w
            for oy in 0..<oh {
                let top = src + 2 * oy * w, bottom = top + w
                let dst = y + (plane * oh + oy) * ow, indices = at + (plane * oh + oy) * ow
                let rowIndex = Int32(2 * oy * w)
                // Eight windows at a time; selects instead of branches, which the random order of
                // a window's values mispredicts half the time. A row whose width is not a multiple
                // of eight ends with eight windows overlapping the previous ones (recomputed to the
                // same values): MNIST's 12 windows per row ran 8 in lanes and 4 one by one.
                let lanes = SIMD8<Int32>(0, 2, 4, 6, 8, 10, 12, 14)
                @inline(__always) func eightWindows(from ox: Int) {
                    let t = UnsafeRawPointer(top + 2 * ox).loadUnaligned(as: SIMD16<Float>.self)
                    let u = UnsafeRawPointer(bottom + 2 * ox).loadUnaligned(as: SIMD16<Float>.self)
                    let first = rowIndex &+ Int32(2 * ox) &+ lanes
                    var best = t.evenHalf, index = first
                    @inline(__always) func consider(_ v: SIMD8<Float>, _ offset: Int32) {
                        let take = (v .> best) .| (v .!= v)  // v .!= v: NaN
                        best.replace(with: v, where: take)
                        index.replace(with: first &+ offset, where: take)
                    }
                    consider(t.oddHalf, 1)
                    consider(u.evenHalf, Int32(w))
                    consider(u.oddHalf, Int32(w + 1))
                    UnsafeMutableRawPointer(dst + ox).storeBytes(of: best, as: SIMD8<Float>.self)
                    UnsafeMutableRawPointer(indices + ox).storeBytes(of: index, as: SIMD8<Int32>.self)
                }
                var ox = 0
                while ox + 8 <= ow { eightWindows(from: ox); ox += 8 }
                if ox < ow && ow >= 8 { eightWindows(from: ow - 8); ox = ow }
                while ox < ow {
                    // Strictly greater keeps the first maximum; NaN propagates as in PyTorch.
                    var best = top[2 * ox], index = Int32(2 * ox)
                    let b = top[2 * ox + 1]
                    if b > best || b.isNaN { best = b; index = Int32(2 * ox + 1) }
                    let c = bottom[2 * ox]
                    if c > best || c.isNaN { best = c; index = Int32(w + 2 * ox) }
                    let d = bottom[2 * ox + 1]
                    if d > best || d.isNaN { best = d; index = Int32(w + 2 * ox + 1) }
                    dst[ox] = best
                    indices[ox] = rowIndex + index
                    ox += 1
                }
            }
        }
    }

    /// dOutput: (planes, OH, OW) → dInput: (planes, H, W), zero except at argmaxes. With
    /// `throughReLU` (the input is a ReLU's output), that ReLU's backward too: an argmax whose
    /// maximum is ≤ 0 receives nothing and stays +0, as `passWherePositive` would leave it (NaN
    /// passes). `releasing` drops what the forward pass kept.
    func backward(_ dOutput: Tensor, layer: String, throughReLU: Bool, releasing: Bool) -> Tensor {
        guard let (g, planes, inputShape, output) = last else {
            preconditionFailure("\(layer).backward before forward")
        }
        precondition(dOutput.shape == output.shape, "\(layer).backward: dOutput \(dOutput.shape), expected \(output.shape)")
        let plane = g.height * g.width, outPlane = g.outputPlane
        let dInput = Tensor(uninitialized: inputShape)
        let dx = dInput.data, dy = dOutput.data, maxima = throughReLU ? UnsafePointer(output.data) : nil
        argmax.withUnsafeBufferPointer { indices in
            let at = indices.baseAddress!
            parallelRanges(planes, costPerItem: plane + outPlane) { range in
                MaxPoolKernel.scatter(planes: range, plane: plane, outPlane: outPlane, dOutput: dy, argmax: at,
                                      maxima: maxima, dInput: dx)
            }
        }
        if releasing { last = nil }
        return dInput
    }

    /// Zeros, then each output's gradient added at its argmax (+= because overlapping windows,
    /// stride < kernel, can share one), or + (+0) where `maxima` (given) is ≤ 0 — dInput is
    /// never −0, so that leaves it as it is, without a branch that random signs would mispredict.
    static func scatter(planes: Range<Int>, plane: Int, outPlane: Int, dOutput dy: UnsafePointer<Float>,
                        argmax at: UnsafePointer<Int32>, maxima: UnsafePointer<Float>?,
                        dInput dx: UnsafeMutablePointer<Float>) {
        for p in planes {
            let dst = dx + p * plane  // dst: (H, W)
            dst.update(repeating: 0, count: plane)
            let outputs = (p * outPlane)..<((p + 1) * outPlane)
            if let maxima {
                for o in outputs { dst[Int(at[o])] += maxima[o] <= 0 ? 0 : dy[o] }
            } else {
                for o in outputs { dst[Int(at[o])] += dy[o] }
            }
        }
    }
}
