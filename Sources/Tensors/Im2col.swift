/// im2col / col2im for 2-D convolution on NCHW tensors, laid out for one batched GEMM per chunk.
///
/// Dimension legend:
///   N        samples in the chunk being lowered
///   C        input channels
///   H, W     input height and width
///   KH, KW   kernel height and width
///   SH, SW   stride;  PH, PW  zero padding on each side
///   OH, OW   output height and width: OH = (H + 2·PH − KH) / SH + 1, likewise OW
///   P        OH·OW, output positions per sample
///   R        C·KH·KW, rows of the column matrix (one per weight of an output channel)
///
/// The column matrix of N samples is (R, N·P): row r = (c, ki, kj), column N-major then P, so
/// out(OC, N·P) = w(OC, R) · col(R, N·P) is one GEMM whose N-dimension covers many samples.
/// 1-D convolution is the case H = 1, KH = 1, SH = 1, PH = 0.

/// The shape arithmetic of a 2-D convolution (or pooling window) over one (C, H, W) sample.
public struct ConvGeometry: Equatable, Sendable {
    public let channels, height, width: Int
    public let kernelHeight, kernelWidth: Int
    public let strideHeight, strideWidth: Int
    public let padHeight, padWidth: Int

    public init(channels: Int, height: Int, width: Int, kernel: (Int, Int),
                stride: (Int, Int) = (1, 1), padding: (Int, Int) = (0, 0)) {
        precondition(kernel.0 >= 1 && kernel.1 >= 1 && stride.0 >= 1 && stride.1 >= 1
                     && padding.0 >= 0 && padding.1 >= 0,
                     "ConvGeometry: bad kernel \(kernel), stride \(stride) or padding \(padding)")
        (self.channels, self.height, self.width) = (channels, height, width)
        (kernelHeight, kernelWidth) = kernel
        (strideHeight, strideWidth) = stride
        (padHeight, padWidth) = padding
    }

    /// OH; ≤ 0 when the kernel does not fit the padded input.
    public var outputHeight: Int { (height + 2 * padHeight - kernelHeight) / strideHeight + 1 }
    public var outputWidth: Int { (width + 2 * padWidth - kernelWidth) / strideWidth + 1 }
    public var fits: Bool { height + 2 * padHeight >= kernelHeight && width + 2 * padWidth >= kernelWidth }
    /// P = OH·OW.
    public var outputPlane: Int { outputHeight * outputWidth }
    /// R = C·KH·KW.
    public var rows: Int { channels * kernelHeight * kernelWidth }
    /// C·H·W, the floats of one input sample.
    public var inputCount: Int { channels * height * width }

    /// Output columns [lo, hi) whose kernel column kj lands inside the unpadded input.
    @inline(__always)
    func validRange(offset k: Int, pad: Int, stride s: Int, input n: Int, output o: Int) -> (Int, Int) {
        // position = ox·s − pad + k ∈ [0, n)
        let lo = min(o, max(0, (pad - k + s - 1) / s))
        let last = n - 1 + pad - k  // floor division below needs it non-negative
        let hi = last < 0 ? lo : max(lo, min(o, last / s + 1))
        return (lo, hi)
    }
}

/// Lowers N samples to the column matrix.
/// input: (N, C, H, W), columns: (R, N·P) — every element is written (padding as zeros).
public func im2col(_ g: ConvGeometry, input: UnsafePointer<Float>, samples n: Int,
                   columns: UnsafeMutablePointer<Float>) {
    let (oh, ow, p) = (g.outputHeight, g.outputWidth, g.outputPlane)
    let (kh, kw, sh, sw, ph, pw) = (g.kernelHeight, g.kernelWidth, g.strideHeight, g.strideWidth,
                                    g.padHeight, g.padWidth)
    let (h, w, c) = (g.height, g.width, g.channels)
    let ld = n * p  // row stride of columns
    // One task per (sample, channel) plane: it owns rows c·KH·KW… and columns s·P…, disjoint.
    parallelRanges(n * c, costPerItem: kh * kw * p) { planes in
        for plane in planes {
            let s = plane / c, ch = plane % c
            let src = input + plane * h * w  // src: (H, W)
            for ki in 0..<kh {
                let (oyLo, oyHi) = g.validRange(offset: ki, pad: ph, stride: sh, input: h, output: oh)
                for kj in 0..<kw {
                    let (oxLo, oxHi) = g.validRange(offset: kj, pad: pw, stride: sw, input: w, output: ow)
                    let dst = columns + ((ch * kh + ki) * kw + kj) * ld + s * p  // dst: (OH, OW)
                    dst.update(repeating: 0, count: oyLo * ow)
                    for oy in oyLo..<oyHi {
                        let d = dst + oy * ow
                        let row = src + (oy * sh - ph + ki) * w - pw + kj  // row[ox·SW] = x[iy, ix]
                        for ox in 0..<oxLo { d[ox] = 0 }
                        if sw == 1 {
                            for ox in oxLo..<oxHi { d[ox] = row[ox] }
                        } else {
                            for ox in oxLo..<oxHi { d[ox] = row[ox * sw] }
                        }
                        for ox in oxHi..<ow { d[ox] = 0 }
                    }
                    (dst + oyHi * ow).update(repeating: 0, count: (oh - oyHi) * ow)
                }
            }
        }
    }
}

/// The adjoint of `im2col`: sums every column entry back onto the input position it was read
/// from. columns: (R, N·P), input: (N, C, H, W) — overwritten, not accumulated into.
public func col2im(_ g: ConvGeometry, columns: UnsafePointer<Float>, samples n: Int,
                   input: UnsafeMutablePointer<Float>) {
    let (oh, ow, p) = (g.outputHeight, g.outputWidth, g.outputPlane)
    let (kh, kw, sh, sw, ph, pw) = (g.kernelHeight, g.kernelWidth, g.strideHeight, g.strideWidth,
                                    g.padHeight, g.padWidth)
    let (h, w, c) = (g.height, g.width, g.channels)
    let ld = n * p
    // One task per (sample, channel) plane, which only it writes.
    parallelRanges(n * c, costPerItem: kh * kw * p) { planes in
        for plane in planes {
            let s = plane / c, ch = plane % c
            let dst = input + plane * h * w  // dst: (H, W)
            dst.update(repeating: 0, count: h * w)
            for ki in 0..<kh {
                let (oyLo, oyHi) = g.validRange(offset: ki, pad: ph, stride: sh, input: h, output: oh)
                for kj in 0..<kw {
                    let (oxLo, oxHi) = g.validRange(offset: kj, pad: pw, stride: sw, input: w, output: ow)
                    let src = columns + ((ch * kh + ki) * kw + kj) * ld + s * p  // src: (OH, OW)
                    for oy in oyLo..<oyHi {
                        let d = src + oy * ow
                        let row = dst + (oy * sh - ph + ki) * w - pw + kj  // row[ox·SW] = dx[iy, ix]
                        if sw == 1 {
                            for ox in oxLo..<oxHi { row[ox] += d[ox] }
                        } else {
                            for ox in oxLo..<oxHi { row[ox * sw] += d[ox] }
                        }
                    }
                }
            }
        }
    }
}
