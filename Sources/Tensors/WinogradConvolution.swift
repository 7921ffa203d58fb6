import GEMMKernels

/// A 3 × 3, stride-1, padding-1 convolution by Winograd's minimal filtering F(2 × 2, 3 × 3)
/// (Lavin & Gray 2016): each 2 × 2 block of outputs from a 4 × 4 input tile d with 16
/// multiplications per (output, input) channel pair instead of 36,
///     Y = Aᵀ [ Σ_c (G g_c Gᵀ) ⊙ (Bᵀ d_c B) ] A
/// with
///     Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1],  G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1],
///     Aᵀ = [1 1 1 0; 0 1 −1 −1].
/// The sum over channels is 16 GEMMs, one per tile element ξ: M_ξ(OC, T) = U_ξ(OC, C) · V_ξ(C, T).
///
/// Legend as in Im2col.swift, plus TH = ⌈H/2⌉, TW = ⌈W/2⌉ tiles per plane and T = n·TH·TW tiles
/// of the n samples; tile t = (s, ty, tx) reads input rows 2·ty − 1 … 2·ty + 2 and columns
/// 2·tx − 1 … 2·tx + 2 (+0 outside) and writes outputs (2·ty + i, 2·tx + j), i, j < 2, those inside.
///
/// Every value is a fixed sequence of IEEE operations — the transforms' adds and halvings in the
/// order written below, the GEMMs under `gemm`'s contract — so the bits depend on neither the
/// CPU nor the thread count. They are not direct convolution's bits: the rounding differs (the
/// transforms add and subtract before the products), within a few units of the last place of
/// the terms' magnitude.
public struct WinogradConvolution {
    public let geometry: ConvGeometry
    public let samples: Int

    public init?(_ g: ConvGeometry, samples: Int) {
        guard g.kernelHeight == 3, g.kernelWidth == 3, g.strideHeight == 1, g.strideWidth == 1,
              g.padHeight == 1, g.padWidth == 1, samples > 0 else { return nil }
        (geometry, self.samples) = (g, samples)
    }

    var tileRows: Int { (geometry.height + 1) / 2 }
    var tileColumns: Int { (geometry.width + 1) / 2 }
    /// T, the GEMMs' N.
    public var tiles: Int { samples * tileRows * tileColumns }
    /// Floats of V: (16, C, T).
    public var inputCount: Int { 16 * geometry.channels * tiles }
    /// Floats of M for `m` output channels: (16, M, T).
    public func productCount(channels m: Int) -> Int { 16 * m * tiles }

    /// U_ξ = (G g Gᵀ)_ξ for weight (M, C, 3, 3) → u (16, M, C).
    /// Eight input channels at a time, one per vector lane (the same operations on each lane as
    /// on one channel, so the same bits), stored as eight contiguous floats of each U_ξ; the last
    /// C mod 8 channels one at a time. One channel at a time throughout, this was ~5 % of a
    /// resnet18-w64 input-gradient step (`perf`, Intel AVX-512), done once per layer and pass.
    public static func transformWeight(_ weight: UnsafePointer<Float>, outChannels m: Int, inChannels c: Int,
                                       into u: UnsafeMutablePointer<Float>) {
        // G applied to a column (g0, g1, g2): (g0, ((g0 + g1) + g2)·½, ((g0 − g1) + g2)·½, g2).
        @inline(__always) func gTimes(_ g0: Float, _ g1: Float, _ g2: Float) -> SIMD4<Float> {
            SIMD4(g0, ((g0 + g1) + g2) * 0.5, ((g0 - g1) + g2) * 0.5, g2)
        }
        @inline(__always) func gTimes(_ g0: SIMD8<Float>, _ g1: SIMD8<Float>, _ g2: SIMD8<Float>)
            -> (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>) {
            (g0, ((g0 + g1) + g2) * 0.5, ((g0 - g1) + g2) * 0.5, g2)
        }
        parallelRanges(m, costPerItem: 16 * c) { outputs in
            for o in outputs {
                var ch = 0
                while ch + 8 <= c {
                    // g[k] for channels ch ..< ch + 8 (their 3 × 3 kernels lie 9 floats apart).
                    let base = weight + (o * c + ch) * 9
                    @inline(__always) func tap(_ k: Int) -> SIMD8<Float> {
                        SIMD8(base[k], base[9 + k], base[18 + k], base[27 + k],
                              base[36 + k], base[45 + k], base[54 + k], base[63 + k])
                    }
                    // t = G g, column j of the 4 × 3 result from column j of g; then row i of U is
                    // G applied to row i of t.
                    let t0 = gTimes(tap(0), tap(3), tap(6)), t1 = gTimes(tap(1), tap(4), tap(7))
                    let t2 = gTimes(tap(2), tap(5), tap(8))
                    @inline(__always) func store(_ i: Int, _ r0: SIMD8<Float>, _ r1: SIMD8<Float>, _ r2: SIMD8<Float>) {
                        let row = gTimes(r0, r1, r2)
                        @inline(__always) func put(_ j: Int, _ value: SIMD8<Float>) {
                            UnsafeMutableRawPointer(u + ((i * 4 + j) * m + o) * c + ch).storeBytes(of: value, as: SIMD8<Float>.self)
                        }
                        put(0, row.0); put(1, row.1); put(2, row.2); put(3, row.3)
                    }
                    store(0, t0.0, t1.0, t2.0)
                    store(1, t0.1, t1.1, t2.1)
                    store(2, t0.2, t1.2, t2.2)
                    store(3, t0.3, t1.3, t2.3)
                    ch += 8
                }
                for ch in ch..<c {
                    let g = weight + (o * c + ch) * 9
                    let t0 = gTimes(g[0], g[3], g[6]), t1 = gTimes(g[1], g[4], g[7]), t2 = gTimes(g[2], g[5], g[8])
                    for i in 0..<4 {
                        let row = gTimes(t0[i], t1[i], t2[i])
                        for j in 0..<4 { u[((i * 4 + j) * m + o) * c + ch] = row[j] }
                    }
                }
            }
        }
    }

    /// V_ξ = (Bᵀ d B)_ξ for every tile: input (n, C, H, W), sample s at input + s·sampleStride →
    /// v (16, C, T), v[ξ·C·T + c·T + t]. On AVX-512 (`kernel`) by GEMMKernels' dl_winograd_input,
    /// 16 tiles at a time with the same operations, so the same bits (a fifth of a resnet18-w64
    /// training step's cycles went to this loop, `perf`, 2026-12-07).
    public func transformInput(_ input: UnsafePointer<Float>, sampleStride: Int, into v: UnsafeMutablePointer<Float>,
                               parallel: Bool, kernel: GEMMKernel = .active) {
        let g = geometry
        let (h, w, c, th, tw, t) = (g.height, g.width, g.channels, tileRows, tileColumns, tiles)
        if dl_winograd_input_supported(kernel.code) != 0 {
            parallelRanges(c * samples, costPerItem: parallel ? 16 * th * tw : 0) { planes in
                dl_winograd_input(input, sampleStride, c, h, w, samples, planes.lowerBound, planes.count, v)
            }
            return
        }
        let stride = c * t
        // Per tile row: the 4 input rows, zero-bordered to 2·TW + 2 floats (row buffer k holds
        // column k − 1), combined by Bᵀ along y for the whole row at once; then per row i of that,
        // B along x for all tiles at once from its even and odd columns.
        let width = 2 * tw + 2
        parallelRanges(c * samples, costPerItem: parallel ? 16 * th * tw : 0) { planes in
            withUnsafeTemporaryAllocation(of: Float.self, capacity: 8 * width) { buffer in
                let rows = buffer.baseAddress!, combined = rows + 4 * width
                let even = rows, odd = rows + tw + 1  // reuse the input rows once combined
                for item in planes {
                    let ch = item / samples, s = item % samples
                    let plane = input + s * sampleStride + ch * h * w
                    let out = v + ch * t + s * th * tw
                    for ty in 0..<th {
                        for i in 0..<4 {
                            let row = rows + i * width, y = 2 * ty - 1 + i
                            row.update(repeating: 0, count: width)
                            if y >= 0 && y < h { (row + 1).update(from: plane + y * w, count: w) }
                        }
                        let (d0, d1, d2, d3) = (rows, rows + width, rows + 2 * width, rows + 3 * width)
                        let (r0, r1, r2, r3) = (combined, combined + width, combined + 2 * width, combined + 3 * width)
                        for k in 0..<width {
                            r0[k] = d0[k] - d2[k]; r1[k] = d1[k] + d2[k]
                            r2[k] = d2[k] - d1[k]; r3[k] = d1[k] - d3[k]
                        }
                        for i in 0..<4 {
                            let r = combined + i * width
                            // a_j(tx) = r[2·tx + j]: even[tx] = a0, odd[tx] = a1, even[tx + 1] = a2, odd[tx + 1] = a3.
                            deinterleave(r, count: tw + 1, even: even, odd: odd)
                            let at = out + ty * tw
                            let (e0, e1, e2, e3) = (at + (4 * i) * stride, at + (4 * i + 1) * stride,
                                                    at + (4 * i + 2) * stride, at + (4 * i + 3) * stride)
                            for tx in 0..<tw {
                                e0[tx] = even[tx] - even[tx + 1]
                                e1[tx] = odd[tx] + even[tx + 1]
                                e2[tx] = even[tx + 1] - odd[tx]
                                e3[tx] = odd[tx] - odd[tx + 1]
                            }
                        }
                    }
                }
            }
        }
    }

    /// Y = Aᵀ M A for every tile: m (16, M, T) → output (n, M, H, W) (+ bias[M]).
    /// On AVX-512 (`kernel`) by GEMMKernels' dl_winograd_output, with the same operations.
    public func transformOutput(_ product: UnsafePointer<Float>, channels m: Int, bias: UnsafePointer<Float>?,
                                into output: UnsafeMutablePointer<Float>, parallel: Bool, kernel: GEMMKernel = .active) {
        let g = geometry
        let (h, w, th, tw, t) = (g.height, g.width, tileRows, tileColumns, tiles)
        if dl_winograd_output_supported(kernel.code) != 0 {
            parallelRanges(samples * m, costPerItem: parallel ? 16 * th * tw : 0) { items in
                dl_winograd_output(product, m, h, w, samples, bias, items.lowerBound, items.count, output)
            }
            return
        }
        let stride = m * t
        parallelRanges(samples * m, costPerItem: parallel ? 16 * th * tw : 0) { items in
            withUnsafeTemporaryAllocation(of: Float.self, capacity: 12 * tw) { buffer in
                // s_ij over the tiles of a row: Aᵀ M along y; then A along x into pairs of outputs.
                let sRows = buffer.baseAddress!, pair = sRows + 8 * tw
                for item in items {
                    let s = item / m, o = item % m
                    let dst = output + item * h * w
                    let src = product + o * t + s * th * tw
                    for ty in 0..<th {
                        let at = src + ty * tw
                        for j in 0..<4 {
                            let (m0, m1, m2, m3) = (at + j * stride, at + (4 + j) * stride,
                                                    at + (8 + j) * stride, at + (12 + j) * stride)
                            let (s0, s1) = (sRows + j * tw, sRows + (4 + j) * tw)
                            for tx in 0..<tw {
                                s0[tx] = (m0[tx] + m1[tx]) + m2[tx]
                                s1[tx] = (m1[tx] - m2[tx]) - m3[tx]
                            }
                        }
                        for i in 0..<2 {
                            let y = 2 * ty + i
                            guard y < h else { continue }
                            let (q0, q1, q2, q3) = (sRows + 4 * i * tw, sRows + (4 * i + 1) * tw,
                                                    sRows + (4 * i + 2) * tw, sRows + (4 * i + 3) * tw)
                            let (left, right) = (pair, pair + 2 * tw)
                            for tx in 0..<tw {
                                left[tx] = (q0[tx] + q1[tx]) + q2[tx]
                                right[tx] = (q1[tx] - q2[tx]) - q3[tx]
                            }
                            interleave(left, right, width: w, adding: bias?[o], into: dst + y * w)
                        }
                    }
                }
            }
        }
    }

    // MARK: - dWeight: the adjoints of the output and weight transforms
    //
    // y = Aᵀ [Σ_c U_c ⊙ V_c] A with U = G g Gᵀ is linear in g, so per tile
    //     dU_c = (A dY Aᵀ) ⊙ V_c   summed over the tiles,   dg = Gᵀ dU G,
    // with dU_ξ(OC, C) = Σ_t dM_ξ(OC, t) · V_ξ(C, t) as 16 GEMMs with K = T.

    /// dM_ξ = (A dY Aᵀ)_ξ for every tile: dOutput (n, M, H, W) → dm (16, M, T), +0 for outputs
    /// outside the plane. A dY: rows (dy0, dy0 + dy1, dy0 − dy1, −dy1); then the same along x.
    /// On AVX-512 (`kernel`) by GEMMKernels' dl_winograd_output_gradient, with the same operations.
    public func transformOutputGradient(_ dOutput: UnsafePointer<Float>, channels m: Int,
                                        into dm: UnsafeMutablePointer<Float>, parallel: Bool, kernel: GEMMKernel = .active) {
        let g = geometry
        let (h, w, th, tw, t) = (g.height, g.width, tileRows, tileColumns, tiles)
        if dl_winograd_output_supported(kernel.code) != 0 {
            parallelRanges(samples * m, costPerItem: parallel ? 16 * th * tw : 0) { items in
                dl_winograd_output_gradient(dOutput, m, h, w, samples, items.lowerBound, items.count, dm)
            }
            return
        }
        let stride = m * t, width = 2 * tw
        parallelRanges(samples * m, costPerItem: parallel ? 16 * th * tw : 0) { items in
            withUnsafeTemporaryAllocation(of: Float.self, capacity: 6 * width + 2 * tw) { buffer in
                let rows = buffer.baseAddress!, combined = rows + 2 * width, even = combined + 4 * width, odd = even + tw
                for item in items {
                    let s = item / m, o = item % m
                    let plane = dOutput + item * h * w
                    let out = dm + o * t + s * th * tw
                    for ty in 0..<th {
                        for i in 0..<2 {
                            let row = rows + i * width, y = 2 * ty + i
                            row.update(repeating: 0, count: width)
                            if y < h { row.update(from: plane + y * w, count: w) }
                        }
                        let (y0, y1) = (rows, rows + width)
                        let (r0, r1, r2, r3) = (combined, combined + width, combined + 2 * width, combined + 3 * width)
                        for k in 0..<width {
                            r0[k] = y0[k]; r1[k] = y0[k] + y1[k]; r2[k] = y0[k] - y1[k]; r3[k] = -y1[k]
                        }
                        for i in 0..<4 {
                            let r = combined + i * width
                            deinterleave(r, count: tw, even: even, odd: odd)
                            let at = out + ty * tw
                            let (e0, e1, e2, e3) = (at + (4 * i) * stride, at + (4 * i + 1) * stride,
                                                    at + (4 * i + 2) * stride, at + (4 * i + 3) * stride)
                            for tx in 0..<tw {
                                e0[tx] = even[tx]
                                e1[tx] = even[tx] + odd[tx]
                                e2[tx] = even[tx] - odd[tx]
                                e3[tx] = -odd[tx]
                            }
                        }
                    }
                }
            }
        }
    }

    /// dWeight[o, c] += Gᵀ dU G, dU (16, M, C) → dWeight (M, C, 3, 3). Gᵀ a for a 4-vector:
    /// (a0 + (a1 + a2)·½, (a1 − a2)·½, (a1 + a2)·½ + a3).
    public static func addWeightGradient(_ du: UnsafePointer<Float>, outChannels m: Int, inChannels c: Int,
                                         into dWeight: UnsafeMutablePointer<Float>) {
        @inline(__always) func gTransposed(_ a: SIMD4<Float>) -> SIMD3<Float> {
            let half = (a[1] + a[2]) * 0.5
            return SIMD3(a[0] + half, (a[1] - a[2]) * 0.5, half + a[3])
        }
        parallelRanges(m, costPerItem: 16 * c) { outputs in
            for o in outputs {
                for ch in 0..<c {
                    // Rows of dU (i = 0..<4) through Gᵀ along j → 4 × 3, then columns along i → 3 × 3.
                    @inline(__always) func row(_ i: Int) -> SIMD3<Float> {
                        let at = du + (i * 4 * m + o) * c + ch, step = m * c
                        return gTransposed(SIMD4(at[0], at[step], at[2 * step], at[3 * step]))
                    }
                    let (t0, t1, t2, t3) = (row(0), row(1), row(2), row(3))
                    let dst = dWeight + (o * c + ch) * 9
                    for kj in 0..<3 {
                        let column = gTransposed(SIMD4(t0[kj], t1[kj], t2[kj], t3[kj]))
                        for ki in 0..<3 { dst[ki * 3 + kj] += column[ki] }
                    }
                }
            }
        }
    }
}

/// even[k] = r[2k], odd[k] = r[2k + 1] for k < count, 8 pairs at a time through SIMD16's halves
/// (data movement only).
@inline(__always)
private func deinterleave(_ r: UnsafePointer<Float>, count: Int, even: UnsafeMutablePointer<Float>,
                          odd: UnsafeMutablePointer<Float>) {
    var k = 0
    while k + 8 <= count {
        let v = UnsafeRawPointer(r + 2 * k).loadUnaligned(as: SIMD16<Float>.self)
        UnsafeMutableRawPointer(even + k).storeBytes(of: v.evenHalf, as: SIMD8<Float>.self)
        UnsafeMutableRawPointer(odd + k).storeBytes(of: v.oddHalf, as: SIMD8<Float>.self)
        k += 8
    }
    while k < count { even[k] = r[2 * k]; odd[k] = r[2 * k + 1]; k += 1 }
}

/// line[2k] = left[k] (+ b), line[2k + 1] = right[k] (+ b) for the `width` floats of line.
@inline(__always)
private func interleave(_ left: UnsafePointer<Float>, _ right: UnsafePointer<Float>, width: Int, adding b: Float?,
                        into line: UnsafeMutablePointer<Float>) {
    var k = 0
    while 2 * k + 16 <= width {
        var v = SIMD16<Float>()
        v.evenHalf = UnsafeRawPointer(left + k).loadUnaligned(as: SIMD8<Float>.self)
        v.oddHalf = UnsafeRawPointer(right + k).loadUnaligned(as: SIMD8<Float>.self)
        if let b { v = v + SIMD16(repeating: b) }
        UnsafeMutableRawPointer(line + 2 * k).storeBytes(of: v, as: SIMD16<Float>.self)
        k += 8
    }
    for x in (2 * k)..<width {
        let value = x & 1 == 0 ? left[x >> 1] : right[x >> 1]
        line[x] = b.map { value + $0 } ?? value
    }
}
