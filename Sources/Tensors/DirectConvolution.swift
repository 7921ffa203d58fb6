import GEMMKernels

/// A stride-1 convolution computed from its NCHW input straight into its NCHW output
/// (GEMMKernels/ConvDirect.c, AVX-512 and AVX2): each vector of 16 (8) output positions reads a
/// tap of a channel as one masked load of the input, so there is no zero-bordered copy, no column matrix,
/// no wide grid's extra columns and no gather. A stride-2 layer on even sides runs the same way
/// on its input split into four phases (even and odd rows and columns; one copy of the call's
/// samples, `bufferFloats`). Every output element's chain is im2col's (+0, then
/// one fused multiply-add per r = (c, ki, kj) ascending, +0 terms where im2col stores padding),
/// so the bits are those of `im2col` + `gemm`, of `gemm(m:a:lda:columns:)` and of the wide grid:
/// a layer may take any of them on any CPU. Legend as in Im2col.swift; M output channels.
public final class DirectConvolution: StraightConvolution {
    public let geometry: ConvGeometry
    public let outChannels: Int
    /// The GEMM kernel whose vector code runs it (its tiles: 8 channels on AVX-512, 6 on AVX2).
    public let kernel: GEMMKernel
    /// The weights packed in panels of the kernel's tile height.
    private let packed: UnsafeMutablePointer<Float>
    /// Whether `packed` is this object's own (else the caller's, as in `LanesConvolution`).
    private let ownsPacked: Bool
    /// Per vector of a sample: its input and output offsets and its tap and store masks.
    private let table: UnsafeMutableRawPointer

    /// nil where the GEMM kernel has no direct convolution (portable has none), the
    /// geometry is not a stride-1 one, or fewer than `minLaneUse` of the lanes would compute.
    /// weight: (M, R) with row stride `ldw` (R by default). The packed weights go to
    /// `packedBuffer` (given their count; valid while this object is used) where the caller
    /// gives one, as in `LanesConvolution`.
    public init?(_ g: ConvGeometry, outChannels m: Int, weight: UnsafePointer<Float>, ldw: Int? = nil,
                 kernel: GEMMKernel = .active, minLaneUse: Double = DirectConvolution.minLaneUse,
                 packedBuffer: ((Int) -> UnsafeMutablePointer<Float>)? = nil) {
        var d = ConvolutionColumns(g, input: weight, samples: 1).descriptor  // (its input is never read)
        guard m > 0, g.fits, dl_conv_direct_supported(kernel.code, &d) != 0,
              Self.laneUse(g) >= minLaneUse else { return nil }
        (geometry, outChannels, self.kernel) = (g, m, kernel)
        let count = dl_conv_direct_packed_count(kernel.code, m, g.rows)
        ownsPacked = packedBuffer == nil
        packed = packedBuffer?(count) ?? .allocate(capacity: count)
        dl_conv_direct_pack(kernel.code, m, g.rows, weight, ldw ?? g.rows, packed)
        table = .allocate(byteCount: dl_conv_direct_table_bytes(kernel.code, &d), alignment: 64)
        dl_conv_direct_table(kernel.code, &d, table)
    }

    /// The share of vector lanes that compute output positions: OH·OW over the 16·⌈OH·W/16⌉
    /// lanes of an OH × W grid where OW ≤ W (W/2, a phase's width, on stride 2), else
    /// OW / (16·⌈OW/16⌉) along each output row.
    public static func laneUse(_ g: ConvGeometry) -> Double {
        let (oh, ow, w) = (g.outputHeight, g.outputWidth, g.strideWidth == 2 ? g.width / 2 : g.width)
        return ow <= w ? Double(oh * ow) / Double(16 * ((oh * w + 15) / 16)) : Double(ow) / Double(16 * ((ow + 15) / 16))
    }

    /// Below this the wide grid or implicit im2col (same bits) are faster: with vectors along
    /// each row, MNIST's conv2 (26² → 24², rows of 24 outputs in 32 lanes, 0.75) ran its forward
    /// in 15.5 ms per mnist-cnn training step against 14.4 on the wide grid (per-layer minima of 3
    /// interleaved `scripts/profile-ab.sh mnist-cnn-train` runs, 2026-12-07); across its 24 × 26
    /// grid it uses 0.92.
    public static let minLaneUse = 0.85

    deinit {
        if ownsPacked { packed.deallocate() }
        table.deallocate()
    }

    /// output[s, m, :] = weight ⋆ input[s] (+ bias[m]) for s < samples, then per plane as
    /// `WideConvolution.gather` finishes its planes: ReLU's forward with `rectified`, ReLU's
    /// backward against `positive` (laid out as output) with it given, and `afterPlane(s·M + m,
    /// plane)`. input: sample s at input + s·sampleStride; output: (samples, M, OH, OW).
    /// Split over the cores when `parallel` (samples, or channel blocks of a few samples).
    public func apply(_ input: UnsafePointer<Float>, samples: Int, sampleStride: Int,
                      into output: UnsafeMutablePointer<Float>, parallel: Bool,
                      bias: UnsafePointer<Float>? = nil, rectified rectifies: Bool = false,
                      wherePositive positive: UnsafePointer<Float>? = nil,
                      afterPlane: ((_ item: Int, _ plane: UnsafePointer<Float>) -> Void)? = nil,
                      buffer phaseBuffer: UnsafeMutablePointer<Float>? = nil) {
        if geometry.strideHeight == 2 {
            // Stride 2: the kernel reads the samples' phases (`bufferFloats(samples:)`, from the
            // caller's buffer where it gives one) in place of the input.
            let run = { (phases: UnsafeMutablePointer<Float>) in
                parallelRanges(samples, costPerItem: parallel ? self.geometry.inputCount : 0) { range in
                    var d = ConvolutionColumns(self.geometry, input: input + range.lowerBound * sampleStride,
                                               samples: range.count, sampleStride: sampleStride).descriptor
                    dl_conv_phase_split(&d, range.count, phases + range.lowerBound * self.geometry.inputCount)
                }
                self.applyToInput(phases, samples: samples, sampleStride: self.geometry.inputCount, into: output,
                                  parallel: parallel, bias: bias, rectified: rectifies, wherePositive: positive,
                                  afterPlane: afterPlane)
            }
            if let phaseBuffer { return run(phaseBuffer) }
            let phases = UnsafeMutablePointer<Float>.allocate(capacity: bufferFloats(samples: samples))
            defer { phases.deallocate() }
            return run(phases)
        }
        applyToInput(input, samples: samples, sampleStride: sampleStride, into: output, parallel: parallel, bias: bias,
                     rectified: rectifies, wherePositive: positive, afterPlane: afterPlane)
    }

    /// Floats of the buffer `apply` splits `samples` samples' input into on stride 2 (none on stride 1).
    public func bufferFloats(samples: Int) -> Int { geometry.strideHeight == 2 ? samples * geometry.inputCount : 0 }

    /// `apply` on what the kernel reads: the input, or on stride 2 its phases.
    private func applyToInput(_ input: UnsafePointer<Float>, samples: Int, sampleStride: Int,
                              into output: UnsafeMutablePointer<Float>, parallel: Bool, bias: UnsafePointer<Float>?,
                              rectified rectifies: Bool, wherePositive positive: UnsafePointer<Float>?,
                              afterPlane: ((_ item: Int, _ plane: UnsafePointer<Float>) -> Void)?) {
        let (m, p, r) = (outChannels, geometry.outputPlane, geometry.rows)
        // Samples computed together, then finished while their planes are still in L2: at least
        // three (a tile's three vectors are three samples' planes when a plane is one vector).
        // Few samples: the tile's blocks of output channels shared out instead.
        let height = dl_conv_direct_rows(kernel.code)
        shareOut(samples: samples, group: max(3, (1 << 16) / max(1, m * p)), blocks: (m + height - 1) / height,
                 blocksPerItem: 1, parallel: parallel, costPerSample: m * p * r) { s0, n, blocks in
            let (c0, c1) = (blocks.lowerBound * height, min(m, blocks.upperBound * height))
            var d = ConvolutionColumns(geometry, input: input + s0 * sampleStride, samples: n,
                                       sampleStride: sampleStride).descriptor
            dl_conv_direct(kernel.code, table, packed + c0 * r, c1 - c0, &d, n, output + s0 * m * p + c0 * p, m * p)
            finishPlanes(output, plane: p, channels: m, samples: s0..<(s0 + n), outChannels: c0..<c1, bias: bias,
                         rectified: rectifies, wherePositive: positive, afterPlane: afterPlane)
        }
    }
}

