import Tensors

/// The Winograd route of `ConvolutionEngine` (`WinogradConvolution`; which layers take it is
/// `minWinogradChannels` and `minWinogradChannelsTimesWidth`): chunking, the forward pass —
/// also dInput's, with the flipped kernel — and dWeight's.
extension ConvolutionEngine {
    /// Samples per Winograd chunk: about 1024 tiles (the GEMMs' N), while V and M (16·(C + OC)
    /// floats per tile) stay within 2^20 floats; evened out like `chunkSize`.
    func winogradChunk(_ g: ConvGeometry, outChannels oc: Int, batch: Int) -> Int {
        let perSample = max(1, ((g.height + 1) / 2) * ((g.width + 1) / 2))
        var n = min(batch, max(1, 1024 / perSample))
        n = max(1, min(n, (1 << 20) / max(1, 16 * (g.channels + oc) * perSample)))
        let chunks = (batch + n - 1) / n
        return (batch + chunks - 1) / chunks
    }

    /// Whether a layer runs by Winograd (forward with `weight`, or dInput with the flipped one).
    func usesWinograd(_ g: ConvGeometry, outChannels oc: Int) -> Bool {
        min(g.channels, oc) >= minWinogradChannels && min(g.channels, oc) * g.width >= minWinogradChannelsTimesWidth
            && WinogradConvolution(g, samples: 1) != nil
    }

    /// output(n, M, H, W) = the convolution of input (n, K, H, W) with kernel (M, K, 3, 3) (+ bias),
    /// by Winograd: the kernel transformed once (U, (16, M, K)), then chunk by chunk within the
    /// pieces of the batch.
    func winograd(_ g: ConvGeometry, batch: Int, outChannels m: Int, input: UnsafePointer<Float>,
                  kernel: UnsafePointer<Float>, bias: UnsafePointer<Float>?, output: UnsafeMutablePointer<Float>,
                  rectified: Bool = false) {
        let k = g.channels, plane = g.height * g.width
        let u = UnsafeMutablePointer<Float>.allocate(capacity: 16 * m * k)
        defer { u.deallocate() }
        WinogradConvolution.transformWeight(kernel, outChannels: m, inChannels: k, into: u)
        run(batch: batch) { samples, work, _, parallel in
            let chunk = winogradChunk(g, outChannels: m, batch: samples.count)
            let full = WinogradConvolution(g, samples: chunk)!
            let v = work.columns.pointer(count: full.inputCount)
            let product = work.product.pointer(count: full.productCount(channels: m))
            for s0 in stride(from: samples.lowerBound, to: samples.upperBound, by: chunk) {
                let wino = WinogradConvolution(g, samples: min(chunk, samples.upperBound - s0))!
                let t = wino.tiles
                wino.transformInput(input + s0 * k * plane, sampleStride: k * plane, into: v, parallel: parallel)
                // M_ξ(M, T) = U_ξ(M, K) · V_ξ(K, T), ξ = 0 ..< 16.
                for xi in 0..<16 {
                    gemm(.none, .none, m: m, n: t, k: k, a: u + xi * m * k, lda: k, b: v + xi * k * t, ldb: t,
                         c: product + xi * m * t, ldc: t)
                }
                wino.transformOutput(product, channels: m, bias: bias, into: output + s0 * m * plane, parallel: parallel)
                if rectified { rectify(output + s0 * m * plane, count: wino.samples * m * plane, parallel: parallel) }
            }
        }
    }

    /// dWeight += Gᵀ [Σ_t (A dY_t Aᵀ) ⊙ (Bᵀ d_t B)] G (`WinogradConvolution`): dU_ξ(OC, C) = Σ over
    /// the batch's tiles, chunk after chunk, of dM_ξ · V_ξᵀ (one chain per element, as `gemm`
    /// with beta = 1 continues it), then transformed and added to dWeight. One chain for the
    /// whole batch rather than per piece: dU is 16/9 of dWeight, and eight pieces' copies of it
    /// cost ResNet-18 w64 54 MiB of peak memory; the cores share out the 16 GEMMs instead.
    /// x: (N, C, H, W), dOutput: (N, OC, H, W), dWeight: (OC, C, 3, 3).
    func winogradWeightGradient(_ g: ConvGeometry, batch: Int, outChannels oc: Int, x: UnsafePointer<Float>,
                                dOutput: UnsafePointer<Float>, into dWeight: UnsafeMutablePointer<Float>) {
        let c = g.channels, plane = g.height * g.width, count = 16 * oc * c
        let chunk = winogradChunk(g, outChannels: oc, batch: batch)
        let full = WinogradConvolution(g, samples: chunk)!
        ConvolutionWorkspaces.shared.with(1) { spaces in
            let work = spaces[0]
            let v = work.columns.pointer(count: full.inputCount)
            let dm = work.product.pointer(count: full.productCount(channels: oc))
            let du = work.dWeight.pointer(count: count)
            du.update(repeating: 0, count: count)
            for s0 in stride(from: 0, to: batch, by: chunk) {
                let wino = WinogradConvolution(g, samples: min(chunk, batch - s0))!
                let t = wino.tiles
                wino.transformInput(x + s0 * c * plane, sampleStride: c * plane, into: v, parallel: true)
                wino.transformOutputGradient(dOutput + s0 * oc * plane, channels: oc, into: dm, parallel: true)
                // dU_ξ(OC, C) += dM_ξ(OC, T) · V_ξ(C, T)ᵀ, ξ = 0 ..< 16: the cores share the ξ.
                Threads.withUnsplitGEMM {
                    parallelFor(16) { xi in
                        gemm(.none, .transposed, m: oc, n: c, k: t, a: dm + xi * oc * t, lda: t, b: v + xi * c * t,
                             ldb: t, beta: 1, c: du + xi * oc * c, ldc: c)
                    }
                }
            }
            WinogradConvolution.addWeightGradient(du, outChannels: oc, inChannels: c, into: dWeight)
        }
    }
}
