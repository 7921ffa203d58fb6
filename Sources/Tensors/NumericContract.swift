/// The name of the sequence of floating-point operations driftlab performs: same spec, seed and
/// contract → the same bytes on any x86-64 machine with AVX2 and FMA, at any thread count and
/// with any GEMM kernel. Run folders record it in `manifest.json`; a run is resumed only under
/// the contract it started with, and `driftlab verify` says when it re-runs under another.
///
/// Bump the number whenever any result's operation sequence changes: a kernel's summation
/// order, a fused multiply-add that was not there, a reduction split differently, a different
/// `exp` or `log`. Changes that only move work between threads or kernels keep it.
public enum NumericContract {
    public static let version = "driftlab-numeric-1"
}
