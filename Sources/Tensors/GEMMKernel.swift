/// Which micro-kernel `gemm` runs. Every kernel performs, for each element of C, the same
/// chain of fused multiply-adds in the same order along K, so they give identical bits; the
/// choice changes only speed. `DRIFTLAB_GEMM_KERNEL=portable|avx2|avx512` forces one.
public enum GEMMKernel: String, CaseIterable, Sendable {
    /// Plain C with `fmaf`: the definition the vector kernels are tested against bit for bit.
    case portable
    /// 8-lane AVX2 + FMA.
    case avx2
    /// 16-lane AVX-512F.
    case avx512

    /// The kernel `gemm` uses (placeholder until the packed kernels land: OpenBLAS is still
    /// behind `gemm`).
    public static var active: GEMMKernel = .portable
    /// The fastest kernel this CPU runs.
    public static let detected: GEMMKernel = .portable
    /// Every kernel this CPU runs.
    public static var available: [GEMMKernel] { [.portable] }
}
