/// A stride-1 convolution as one GEMM over shifted rows of a zero-bordered input, with no
/// column matrix at all ("wide" output grid).
///
/// Legend as in Im2col.swift, plus HP = H + 2·PH, WP = W + 2·PW. The n samples' input is copied
/// channel-major with a zero border, padded: (C, n, HP, WP). On the wide grid, column
/// q' = s·HP·WP + oy·WP + ox, and im2col's row r = (c, ki, kj) is channel c's planes shifted by
/// ki·WP + kj:
///     col(r, (s, oy, ox)) = padded[c·n·HP·WP + ki·WP + kj + q']
/// so `gemm(m:n:a:lda:b:rows:…)` reads B straight from `padded` with rows[r] = c·n·HP·WP +
/// ki·WP + kj. Columns with ox ≥ OW or oy ≥ OH are not output positions: computed, then dropped.
/// Every output element's chain sees exactly im2col's values in im2col's order, so the bits are
/// those of im2col + gemm; the cost is one copy of the input instead of KH·KW, and
/// HP·WP / (OH·OW) times the columns (1.13 for 32 × 32 planes with a 3 × 3 kernel, 2.25 for 4 × 4).
public struct WideConvolution {
    public let geometry: ConvGeometry
    public let samples: Int

    public init?(_ g: ConvGeometry, samples: Int) {
        guard g.strideHeight == 1, g.strideWidth == 1, g.fits, samples > 0 else { return nil }
        (geometry, self.samples) = (g, samples)
    }

    var paddedHeight: Int { geometry.height + 2 * geometry.padHeight }
    var paddedWidth: Int { geometry.width + 2 * geometry.padWidth }
    /// HP·WP, the wide grid's columns per sample.
    public var plane: Int { paddedHeight * paddedWidth }
    /// Floats of `padded`: C·n·HP·WP.
    public var paddedCount: Int { geometry.channels * samples * plane }
    /// Wide-grid columns up to the last output position: (n − 1)·HP·WP + (OH − 1)·WP + OW.
    public var columns: Int { (samples - 1) * plane + (geometry.outputHeight - 1) * paddedWidth + geometry.outputWidth }
    /// Wide-grid columns computed per output position: HP·WP / (OH·OW).
    public var columnsPerOutput: Double { Double(plane) / Double(geometry.outputPlane) }
    /// rows[r] for r = (c, ki, kj).
    public var rows: [Int] {
        let g = geometry
        var rows: [Int] = []
        rows.reserveCapacity(g.rows)
        for c in 0..<g.channels { for ki in 0..<g.kernelHeight { for kj in 0..<g.kernelWidth {
            rows.append(c * samples * plane + ki * paddedWidth + kj)
        }}}
        return rows
    }

    /// input (n, C, H, W), sample s at input + s·sampleStride → padded (C, n, HP, WP).
    public func pad(_ input: UnsafePointer<Float>, sampleStride: Int, into padded: UnsafeMutablePointer<Float>,
                    parallel: Bool) {
        let g = geometry
        let (h, w, ph, pw, wp) = (g.height, g.width, g.padHeight, g.padWidth, paddedWidth)
        parallelRanges(g.channels * samples, costPerItem: parallel ? plane : 0) { planes in
            for t in planes {
                let c = t / samples, s = t % samples
                let src = input + s * sampleStride + c * h * w, dst = padded + t * plane
                dst.update(repeating: 0, count: ph * wp)
                for y in 0..<h {
                    let row = dst + (ph + y) * wp
                    for x in 0..<pw { row[x] = 0; row[pw + w + x] = 0 }
                    (row + pw).update(from: src + y * w, count: w)
                }
                (dst + (ph + h) * wp).update(repeating: 0, count: ph * wp)
            }
        }
    }

    /// values[s, m, oy, ox] → wide (M, n·HP·WP) at column s·HP·WP + oy·WP + ox, +0 in every other
    /// column: the output grid `gather` reads, with the dropped columns zero (a convolution's
    /// dWeight sums over it). values: (n, M, OH, OW), sample s at values + s·M·OH·OW.
    public func scatter(_ values: UnsafePointer<Float>, channels m: Int, into wide: UnsafeMutablePointer<Float>,
                        parallel: Bool) {
        let g = geometry
        let (oh, ow, wp, p) = (g.outputHeight, g.outputWidth, paddedWidth, g.outputPlane)
        parallelRanges(samples * m, costPerItem: parallel ? plane : 0) { items in
            for item in items {
                let s = item / m, o = item % m
                let src = values + item * p, dst = wide + o * samples * plane + s * plane
                for oy in 0..<oh {
                    let to = dst + oy * wp
                    to.update(from: src + oy * ow, count: ow)
                    (to + ow).update(repeating: 0, count: wp - ow)
                }
                (dst + oh * wp).update(repeating: 0, count: plane - oh * wp)
            }
        }
    }

    /// wide (M, columns) → output[s, m, oy, ox] (+ bias[m]), output: (n, M, OH, OW).
    public func gather(_ wide: UnsafePointer<Float>, channels m: Int, bias: UnsafePointer<Float>?,
                       into output: UnsafeMutablePointer<Float>, parallel: Bool) {
        let g = geometry
        let (oh, ow, wp, ld, p) = (g.outputHeight, g.outputWidth, paddedWidth, columns, g.outputPlane)
        parallelRanges(samples * m, costPerItem: parallel ? p : 0) { items in
            for item in items {
                let s = item / m, o = item % m
                let dst = output + item * p
                for oy in 0..<oh {
                    let from = wide + o * ld + s * plane + oy * wp, to = dst + oy * ow
                    if let bias {
                        let b = bias[o]
                        for ox in 0..<ow { to[ox] = from[ox] + b }
                    } else {
                        to.update(from: from, count: ow)
                    }
                }
            }
        }
    }
}
