/// A stride-1 convolution as one GEMM over shifted rows of a zero-bordered input, with no
/// column matrix at all ("wide" output grid).
///
/// Legend as in Im2col.swift, plus WS = W + PW and HS = H + PH: neighbouring rows and samples
/// share their zero borders, so each channel of the n samples is one run of rows WS floats
/// apart — PH zero rows, then per sample H rows of W values and PW zeros followed by PH zero
/// rows — starting PW floats in: x[s, c, y, x] sits at
///     padded[c·L + (PH + s·HS + y)·WS + PW + x],   L = (PH + n·HS)·WS + PW floats per channel,
/// so a read PW to the left of a row lands in the previous row's zeros, PW to the right in its
/// own, and PH rows above or below a sample in the shared zero rows. On the wide grid, column
/// q' = (s·HS + oy)·WS + ox, and im2col's row r = (c, ki, kj) is channel c shifted by ki·WS + kj:
///     col(r, (s, oy, ox)) = padded[c·L + ki·WS + kj + q']
/// so `gemm(m:n:a:lda:b:rows:…)` reads B straight from `padded` with rows[r] = c·L + ki·WS + kj.
/// Columns with ox ≥ OW or oy ≥ OH are not output positions: computed, then dropped. Every
/// output element's chain sees exactly im2col's values in im2col's order, so the bits are those
/// of im2col + gemm; the cost is one copy of the input instead of KH·KW, and HS·WS / (OH·OW)
/// times the columns (1.06 for 32 × 32 planes with a 3 × 3 kernel, 1.27 for 8 × 8, 1.56 for 4 × 4).
public struct WideConvolution {
    public let geometry: ConvGeometry
    public let samples: Int

    public init?(_ g: ConvGeometry, samples: Int) {
        guard g.strideHeight == 1, g.strideWidth == 1, g.fits, samples > 0 else { return nil }
        (geometry, self.samples) = (g, samples)
    }

    /// WS, the floats from one row to the next.
    var rowStride: Int { geometry.width + geometry.padWidth }
    /// HS, the rows from one sample to the next.
    var sampleRows: Int { geometry.height + geometry.padHeight }
    /// HS·WS, the wide grid's columns per sample.
    public var plane: Int { sampleRows * rowStride }
    /// L, the floats of one channel of `padded`.
    public var channelStride: Int { (geometry.padHeight + samples * sampleRows) * rowStride + geometry.padWidth }
    /// Floats of `padded`: C·L.
    public var paddedCount: Int { geometry.channels * channelStride }
    /// Wide-grid columns up to the last output position: ((n − 1)·HS + OH − 1)·WS + OW.
    public var columns: Int { ((samples - 1) * sampleRows + geometry.outputHeight - 1) * rowStride + geometry.outputWidth }
    /// Wide-grid columns computed per output position: HS·WS / (OH·OW).
    public var columnsPerOutput: Double { Double(plane) / Double(geometry.outputPlane) }
    /// rows[r] for r = (c, ki, kj).
    public var rows: [Int] {
        let g = geometry
        var rows: [Int] = []
        rows.reserveCapacity(g.rows)
        for c in 0..<g.channels { for ki in 0..<g.kernelHeight { for kj in 0..<g.kernelWidth {
            rows.append(c * channelStride + ki * rowStride + kj)
        }}}
        return rows
    }

    /// input (n, C, H, W), sample s at input + s·sampleStride → padded (C, L).
    public func pad(_ input: UnsafePointer<Float>, sampleStride: Int, into padded: UnsafeMutablePointer<Float>,
                    parallel: Bool) {
        let g = geometry
        let (h, w, ph, pw, ws) = (g.height, g.width, g.padHeight, g.padWidth, rowStride)
        // Task (c, s) writes sample s's rows with their trailing zeros and the PH zero rows below
        // them; sample 0's task also the channel's leading PH rows and PW floats.
        parallelRanges(g.channels * samples, costPerItem: parallel ? plane : 0) { planes in
            for t in planes {
                let c = t / samples, s = t % samples
                let channel = padded + c * channelStride
                if s == 0 { channel.update(repeating: 0, count: ph * ws + pw) }
                let src = input + s * sampleStride + c * h * w
                let dst = channel + (ph + s * sampleRows) * ws + pw
                for y in 0..<h {
                    let row = dst + y * ws
                    row.update(from: src + y * w, count: w)
                    (row + w).update(repeating: 0, count: pw)
                }
                (dst + h * ws).update(repeating: 0, count: ph * ws)
            }
        }
    }

    /// values[s, m, oy, ox] → wide (M, n·HS·WS) at column s·HS·WS + oy·WS + ox, +0 in every other
    /// column: the output grid `gather` reads, with the dropped columns zero (a convolution's
    /// dWeight sums over it). values: (n, M, OH, OW), sample s at values + s·M·OH·OW.
    public func scatter(_ values: UnsafePointer<Float>, channels m: Int, into wide: UnsafeMutablePointer<Float>,
                        parallel: Bool) {
        let g = geometry
        let (oh, ow, ws, p) = (g.outputHeight, g.outputWidth, rowStride, g.outputPlane)
        parallelRanges(samples * m, costPerItem: parallel ? plane : 0) { items in
            for item in items {
                let s = item / m, o = item % m
                let src = values + item * p, dst = wide + o * samples * plane + s * plane
                for oy in 0..<oh {
                    let to = dst + oy * ws
                    to.update(from: src + oy * ow, count: ow)
                    (to + ow).update(repeating: 0, count: ws - ow)
                }
                (dst + oh * ws).update(repeating: 0, count: plane - oh * ws)
            }
        }
    }

    /// Where this grid's `scatter` output sits inside `other`'s `pad` output, when it does: when
    /// `other` pads this grid's output planes with the same row and sample strides — a stride-1
    /// convolution's dOutput padded for its transposed convolution always is, since
    /// HS′ = OH + KH − 1 − PH = H + PH = HS and likewise WS′ = WS — channel m of the scattered
    /// (M, n·HS·WS) is the run of n·HS·WS floats from m·L′ + PH′·WS + PW′ of the padded one:
    /// sample s's OH rows from (PH′ + s·HS)·WS + PW′, each followed by WS − OW zeros, then
    /// HS − OH zero rows, as `scatter` writes them.
    public func gridOffset(in other: WideConvolution) -> Int? {
        let (g, o) = (geometry, other.geometry)
        guard o.height == g.outputHeight, o.width == g.outputWidth, other.rowStride == rowStride,
              other.sampleRows == sampleRows, other.samples == samples else { return nil }
        return o.padHeight * other.rowStride + o.padWidth
    }

    /// wide (M, columns) → output[s, m, oy, ox] (+ bias[m]), output: (n, M, OH, OW); with
    /// `rectified`, ReLU's of that (`rectify` on each plane as soon as it is written, as the ReLU
    /// layer computes it), so a ReLU after the convolution costs no pass of its own. With
    /// `positive`, laid out as output, each value where `positive` > 0 and +0 elsewhere
    /// (`passWherePositive`, ReLU's backward, likewise): a dInput that also goes back through
    /// the ReLU whose output was the convolution's input. `afterPlane(s·M + m, plane)` is
    /// called with each finished plane while it is in L1 (BatchNorm's sums, `PlaneSums`).
    public func gather(_ wide: UnsafePointer<Float>, channels m: Int, bias: UnsafePointer<Float>?,
                       into output: UnsafeMutablePointer<Float>, parallel: Bool, rectified rectifies: Bool = false,
                       wherePositive positive: UnsafePointer<Float>? = nil,
                       afterPlane: ((_ item: Int, _ plane: UnsafePointer<Float>) -> Void)? = nil) {
        let g = geometry
        let (oh, ow, ws, ld, p) = (g.outputHeight, g.outputWidth, rowStride, columns, g.outputPlane)
        parallelRanges(samples * m, costPerItem: parallel ? p : 0) { items in
            for item in items {
                let s = item / m, o = item % m
                let dst = output + item * p
                for oy in 0..<oh {
                    let from = wide + o * ld + s * plane + oy * ws, to = dst + oy * ow
                    if let bias {
                        let b = bias[o]
                        for ox in 0..<ow { to[ox] = from[ox] + b }
                    } else {
                        to.update(from: from, count: ow)
                    }
                }
                // Over the whole plane just written (still in L1): short rows (4, 8, 24 floats)
                // would leave the vector loops few or no full vectors.
                if rectifies { rectify(dst, into: dst, count: p) }
                if let positive { passWherePositive(dst, where: positive + item * p, into: dst, count: p) }
                afterPlane?(item, dst)
            }
        }
    }
}
