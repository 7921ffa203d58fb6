import GEMMKernels

/// dWeight of a 3 × 3 convolution with its output channels in the vector lanes
/// (GEMMKernels/ConvLanes.c, AVX-512 and AVX2), in place of im2col + GEMM or the wide grid: the
/// input is copied once with zero borders and dOutput transposed to (positions, channels); then for
/// each channel c and group of up to three blocks of 16 (AVX2: 8) output channels, the 9 × 3
/// vectors of dWeightᵀ(c's taps, those channels) run over every position, one FMA per tap and
/// block with the tap's input broadcast. Each element's chain is im2col's dWeight chain
/// (`gemm` on the stored columns): one fused multiply-add per position in order, continued from
/// the float dWeightᵀ holds — so samples may be given in consecutive calls without a bit changing.
/// Stride 1 or 2. Legend as in Im2col.swift; M output channels.
public struct LanesWeightGradient {
    public let geometry: ConvGeometry
    public let outChannels: Int
    public let kernel: GEMMKernel
    /// The input of descriptors whose input is never read.
    nonisolated(unsafe) private static let unread = UnsafePointer(UnsafeMutablePointer<Float>.allocate(capacity: 1))

    /// nil where the GEMM kernel has no such kernel (portable has none), the kernel is not 3 × 3,
    /// or the stride not 1 or 2 (padding below 3).
    public init?(_ g: ConvGeometry, outChannels m: Int, kernel: GEMMKernel = .active) {
        var d = ConvolutionColumns(g, input: Self.unread, samples: 1).descriptor
        guard m > 0, g.fits, dl_conv_lanes_weight_supported(kernel.code, &d) != 0 else { return nil }
        (geometry, outChannels, self.kernel) = (g, m, kernel)
    }

    /// Row stride of dWeightᵀ (R, ld): M rounded up to whole vectors (lanes past M are scratch).
    public var ld: Int { dl_conv_lanes_weight_ld(kernel.code, outChannels) }

    /// Floats of the scratch `accumulate` needs for `samples` samples: the zero-bordered input,
    /// then dOutput transposed.
    public func bufferFloats(samples: Int) -> Int {
        var d = ConvolutionColumns(geometry, input: Self.unread, samples: samples).descriptor
        return dl_conv_lanes_padded_count(&d, samples) + samples * geometry.outputPlane * ld
    }

    /// dWeightᵀ(r, o) += Σ_(s, q) col(r, (s, q))·dOutput[s, o, q] over the positions of
    /// `samples` samples in order. x: sample s at x + s·C·H·W; dOutput: (samples, M, OH, OW);
    /// dWeightT: (R, ld). Single-threaded.
    public func accumulate(x: UnsafePointer<Float>, dOutput: UnsafePointer<Float>, samples: Int,
                           buffer: UnsafeMutablePointer<Float>, into dWeightT: UnsafeMutablePointer<Float>) {
        var d = ConvolutionColumns(geometry, input: x, samples: samples).descriptor
        let padded = buffer, transposed = buffer + dl_conv_lanes_padded_count(&d, samples)
        dl_conv_lanes_pad(&d, samples, padded)
        dl_conv_lanes_transpose(kernel.code, dOutput, outChannels, geometry.outputPlane, samples, transposed)
        dl_conv_lanes_weight(kernel.code, outChannels, &d, samples, padded, transposed, dWeightT)
    }
}
