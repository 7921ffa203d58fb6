import GEMMKernels

/// A convolution with its output channels in the vector lanes (GEMMKernels/ConvLanes.c, AVX-512
/// and AVX2), for small output planes: where a plane of 4 × 4 or 8 × 8 outputs is one or a few
/// vectors of positions, `DirectConvolution`'s loads straddle rows and cache lines, and im2col
/// copies the input nine times. The samples are copied once with zero borders (`bufferFloats`);
/// then each tile of 2 output rows × 4 outputs × 2 blocks of 16 (AVX2: 8) output channels reads
/// the weights of a step r as vectors and the input as broadcasts. Every output element's chain
/// is im2col's (+0, then one fused multiply-add per r = (c, ki, kj) ascending, +0 terms where
/// im2col stores padding), so the bits are those of `im2col` + `gemm`, of implicit im2col and of
/// `DirectConvolution`: a layer may take any of them on any CPU. Stride 1 or 2.
/// Legend as in Im2col.swift; M output channels, L lanes.
public final class LanesConvolution: StraightConvolution {
    public let geometry: ConvGeometry
    public let outChannels: Int
    /// The GEMM kernel whose vector code runs it (16 lanes on AVX-512, 8 on AVX2).
    public let kernel: GEMMKernel
    /// The weights as (⌈M/L⌉, R, L): each step's L output channels side by side.
    private let packed: UnsafeMutablePointer<Float>
    /// Whether `packed` is this object's own (else the caller's `packedBuffer`).
    private let ownsPacked: Bool

    /// nil where the GEMM kernel has no such convolution (portable has none) or the geometry is
    /// not a stride-1 or stride-2 one with padding below the kernel's size.
    /// weight: (M, R) with row stride `ldw` (R by default). The packed weights go to
    /// `packedBuffer` (given their count; valid while this object is used) where the caller gives
    /// one: a layer that keeps it saves the page faults of a fresh allocation on every call.
    public init?(_ g: ConvGeometry, outChannels m: Int, weight: UnsafePointer<Float>, ldw: Int? = nil,
                 kernel: GEMMKernel = .active, packedBuffer: ((Int) -> UnsafeMutablePointer<Float>)? = nil) {
        var d = ConvolutionColumns(g, input: weight, samples: 1).descriptor  // (its input is never read)
        guard m > 0, g.fits, dl_conv_lanes_supported(kernel.code, &d) != 0 else { return nil }
        (geometry, outChannels, self.kernel) = (g, m, kernel)
        let count = dl_conv_lanes_packed_count(kernel.code, m, g.rows)
        ownsPacked = packedBuffer == nil
        packed = packedBuffer?(count) ?? .allocate(capacity: count)
        dl_conv_lanes_pack(kernel.code, m, g.rows, weight, ldw ?? g.rows, packed)
    }

    deinit { if ownsPacked { packed.deallocate() } }

    /// Lanes per block of output channels.
    public var lanes: Int { kernel == .avx512 ? 16 : 8 }

    /// Floats of the zero-bordered copy of `samples` samples that `apply` reads.
    public func bufferFloats(samples: Int) -> Int {
        var d = ConvolutionColumns(geometry, input: packed, samples: samples).descriptor
        return dl_conv_lanes_padded_count(&d, samples)
    }

    /// output[s, m, :] = weight ⋆ input[s] (+ bias[m]) for s < samples, each plane then finished
    /// as `DirectConvolution.apply` finishes its planes (ReLU's forward with `rectified`, ReLU's
    /// backward against `positive`, `afterPlane(s·M + m, plane)`). input: sample s at input +
    /// s·sampleStride; output: (samples, M, OH, OW). The zero-bordered copy goes to
    /// `buffer` (`bufferFloats(samples:)`) where the caller gives one. Split over the
    /// cores when `parallel`: samples, or blocks of output channels when there are few samples.
    public func apply(_ input: UnsafePointer<Float>, samples: Int, sampleStride: Int,
                      into output: UnsafeMutablePointer<Float>, parallel: Bool,
                      bias: UnsafePointer<Float>? = nil, rectified rectifies: Bool = false,
                      wherePositive positive: UnsafePointer<Float>? = nil,
                      afterPlane: ((_ item: Int, _ plane: UnsafePointer<Float>) -> Void)? = nil,
                      buffer paddedBuffer: UnsafeMutablePointer<Float>? = nil) {
        let floats = bufferFloats(samples: samples)
        let padded = paddedBuffer ?? .allocate(capacity: floats)
        defer { if paddedBuffer == nil { padded.deallocate() } }
        let (m, p, perSample) = (outChannels, geometry.outputPlane, floats / max(1, samples))
        let descriptor = { (s0: Int, n: Int) -> dl_conv_columns in
            ConvolutionColumns(self.geometry, input: input + s0 * sampleStride, samples: n,
                               sampleStride: sampleStride).descriptor
        }
        parallelRanges(samples, costPerItem: parallel ? perSample : 0) { range in
            var d = descriptor(range.lowerBound, range.count)
            dl_conv_lanes_pad(&d, range.count, padded + range.lowerBound * perSample)
        }
        // Groups of samples whose output (and copy) stays in L2 while it is finished; few samples:
        // pairs of channel blocks (a tile's two) shared out instead.
        shareOut(samples: samples, group: max(1, (1 << 16) / max(1, m * p + perSample)),
                 blocks: (m + lanes - 1) / lanes, blocksPerItem: 2, parallel: parallel,
                 costPerSample: m * p * geometry.rows) { s0, n, blocks in
            var d = descriptor(s0, n)
            dl_conv_lanes(kernel.code, packed, m, &d, n, padded + s0 * perSample, output + s0 * m * p, m * p,
                          blocks.lowerBound, blocks.upperBound)
            finishPlanes(output, plane: p, channels: m, samples: s0..<(s0 + n),
                         outChannels: (blocks.lowerBound * lanes)..<min(m, blocks.upperBound * lanes),
                         bias: bias, rectified: rectifies, wherePositive: positive, afterPlane: afterPlane)
        }
    }
}
