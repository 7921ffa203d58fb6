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

    /// The same convolution over `channels` of the input's channels.
    public func with(channels c: Int) -> ConvGeometry {
        ConvGeometry(channels: c, height: height, width: width, kernel: (kernelHeight, kernelWidth),
                     stride: (strideHeight, strideWidth), padding: (padHeight, padWidth))
    }
}

/// Lowers N samples to the column matrix.
/// input: (N, C, H, W), columns: (R, N·P) with row stride `rowStride` (N·P by default) — every
/// element of the N·P columns is written (padding as zeros), nothing past them.
/// `parallel: false` runs on the calling thread, for callers that already split work across cores.
public func im2col(_ g: ConvGeometry, input: UnsafePointer<Float>, samples n: Int,
                   columns: UnsafeMutablePointer<Float>, rowStride: Int? = nil, parallel: Bool = true) {
    let (oh, ow, p) = (g.outputHeight, g.outputWidth, g.outputPlane)
    let (kh, kw, sh, sw, ph, pw) = (g.kernelHeight, g.kernelWidth, g.strideHeight, g.strideWidth,
                                    g.padHeight, g.padWidth)
    let (h, w, c) = (g.height, g.width, g.channels)
    let (hp, wp) = (h + 2 * ph, w + 2 * pw)
    let ld = rowStride ?? n * p  // row stride of columns
    precondition(ld >= n * p, "im2col: row stride \(ld) shorter than the \(n * p) columns")
    // One task per (channel, sample) plane: it owns rows c·KH·KW… and columns s·P…, disjoint.
    // Channel-major order makes the writes a few sequential streams even when P is tiny.
    // (A cost of 0 keeps parallelRanges on the calling thread.)
    parallelRanges(n * c, costPerItem: parallel ? kh * kw * p : 0) { tasks in
        withUnsafeTemporaryAllocation(of: Float.self, capacity: ph + pw > 0 ? hp * wp : 0) { staging in
            // Copying a plane into a zero-bordered buffer makes every tap a branch-free gather.
            staging.initialize(repeating: 0)
            for t in tasks {
                let ch = t / n, s = t % n
                let src = input + (s * c + ch) * h * w  // src: (H, W)
                var padded = src                         // padded: (H + 2·PH, W + 2·PW)
                if ph + pw > 0 {
                    let stage = staging.baseAddress!
                    for y in 0..<h { (stage + (y + ph) * wp + pw).update(from: src + y * w, count: w) }
                    padded = UnsafePointer(stage)
                }
                for ki in 0..<kh {
                    for kj in 0..<kw {
                        let dst = columns + ((ch * kh + ki) * kw + kj) * ld + s * p  // dst: (OH, OW)
                        let tap = padded + ki * wp + kj  // tap[oy·SH·WP + ox·SW] = padded x[iy, ix]
                        if sh == 1 && sw == 1 && ow == wp {
                            // Contiguous rows (KW = 1, e.g. a 1×1 convolution): one copy per tap.
                            dst.update(from: tap, count: oh * ow)
                            continue
                        }
                        for oy in 0..<oh {
                            let from = tap + oy &* sh &* wp, to = dst + oy &* ow
                            switch sw {
                            case 1: copyRow(from, to, count: ow)
                            case 2: copyEvens(from, to, count: ow)
                            default: for ox in 0..<ow { to[ox] = from[ox &* sw] }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The adjoint of `im2col`: sums every column entry back onto the input position it was read
/// from. columns: (R, N·P), input: (N, C, H, W) — overwritten, not accumulated into.
public func col2im(_ g: ConvGeometry, columns: UnsafePointer<Float>, samples n: Int,
                   input: UnsafeMutablePointer<Float>, parallel: Bool = true) {
    let (oh, ow, p) = (g.outputHeight, g.outputWidth, g.outputPlane)
    let (kh, kw, sh, sw, ph, pw) = (g.kernelHeight, g.kernelWidth, g.strideHeight, g.strideWidth,
                                    g.padHeight, g.padWidth)
    let (h, w, c) = (g.height, g.width, g.channels)
    let (hp, wp) = (h + 2 * ph, w + 2 * pw)
    let ld = n * p
    // One task per (channel, sample) plane, which only it writes; order as in im2col.
    // (A cost of 0 keeps parallelRanges on the calling thread.)
    parallelRanges(n * c, costPerItem: parallel ? kh * kw * p : 0) { tasks in
        withUnsafeTemporaryAllocation(of: Float.self, capacity: ph + pw > 0 ? hp * wp : 0) { staging in
            for t in tasks {
                let ch = t / n, s = t % n
                let dst = input + (s * c + ch) * h * w  // dst: (H, W)
                // Accumulate into a zero-bordered plane, whose border (the padding) is dropped.
                let padded = ph + pw > 0 ? staging.baseAddress! : dst  // padded: (H + 2·PH, W + 2·PW)
                padded.update(repeating: 0, count: hp * wp)
                for ki in 0..<kh {
                    for kj in 0..<kw {
                        let src = columns + ((ch * kh + ki) * kw + kj) * ld + s * p  // src: (OH, OW)
                        let tap = padded + ki * wp + kj
                        for oy in 0..<oh {
                            let to = tap + oy &* sh &* wp, from = src + oy &* ow
                            if sw == 1 {
                                addRow(from, to, count: ow)
                            } else {
                                for ox in 0..<ow { to[ox &* sw] += from[ox] }
                            }
                        }
                    }
                }
                if ph + pw > 0 {
                    for y in 0..<h { (dst + y * w).update(from: padded + (y + ph) * wp + pw, count: w) }
                }
            }
        }
    }
}

// Row kernels of im2col and col2im. Their rows are short (OW = 4 … 32 on ResNet's small planes),
// where an element-by-element loop with checked index arithmetic ran at a few floats per
// cycle (im2col + col2im: 8.5 % of a resnet18-w16 training step, `perf`); these move four
// floats per step. Copies, and elementwise adds in the same order, so the same bits.

@inline(__always) private func load4(_ p: UnsafePointer<Float>) -> SIMD4<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Float>.self)
}

@inline(__always) private func store4(_ v: SIMD4<Float>, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD4<Float>.self)
}

/// to[i] = from[i], i < count.
@inline(__always) private func copyRow(_ from: UnsafePointer<Float>, _ to: UnsafeMutablePointer<Float>, count: Int) {
    var i = 0
    while i &+ 4 <= count { store4(load4(from + i), to + i); i &+= 4 }
    while i < count { to[i] = from[i]; i &+= 1 }
}

/// to[i] = from[2·i], i < count; reads no further than from[2·(count − 1)].
@inline(__always) private func copyEvens(_ from: UnsafePointer<Float>, _ to: UnsafeMutablePointer<Float>, count: Int) {
    var i = 0
    while i &+ 4 <= count {
        // from[2i ..< 2i + 4] and from[2i + 3 ..< 2i + 7]: the evens are lanes 0, 2 and 1, 3.
        let a = load4(from + 2 &* i), b = load4(from + (2 &* i &+ 3))
        store4(SIMD4(a[0], a[2], b[1], b[3]), to + i)
        i &+= 4
    }
    while i < count { to[i] = from[2 &* i]; i &+= 1 }
}

/// to[i] = to[i] + from[i], i < count.
@inline(__always) private func addRow(_ from: UnsafePointer<Float>, _ to: UnsafeMutablePointer<Float>, count: Int) {
    var i = 0
    while i &+ 4 <= count { store4(load4(to + i) + load4(from + i), to + i); i &+= 4 }
    while i < count { to[i] = to[i] + from[i]; i &+= 1 }
}
