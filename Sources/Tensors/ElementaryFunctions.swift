/// driftlab's own exp, log, log2, pow, sin and cos: the same bits on every x86-64 machine.
///
/// glibc's libm chooses an implementation per CPU when it is loaded (sse2, fma, fma4, avx2
/// variants of exp, log, sin, cos, pow, …) and changes them between releases, so its results
/// are not part of driftlab's contract (same spec and seed → same output bytes). These
/// functions are a fixed sequence of IEEE 754 double operations in round-to-nearest: only
/// + − × ÷, `squareRoot()`, comparisons, integer conversions and bit manipulation — no libm
/// call, no fused multiply–add (see `DoubleDouble`) — so the result depends on the argument
/// alone.
///
/// Accuracy, error against the exact value as measured (ElementaryFunctionsTests has the
/// ranges, and the distance to glibc, at most 1 ulp): exp 0.57 ulp (0.73 for subnormal
/// results), log and log2 0.50, pow 0.58, sin and cos 0.75 for every finite argument
/// (Payne–Hanek reduction from 2^20 on). The designs leave at most a few tenths of an ulp
/// before the last rounding, hence "below 1 ulp" in the function documentation.
///
/// The Float overloads compute in Double and round once to Float: within 1 Float ulp of the
/// correctly rounded result (almost always equal to it).
///
/// The price of fixed sequences and double-double steps, per call on the 2-core dev machine
/// (glibc in brackets): exp and the Float exp 12 ns (5), sin and cos 15 ns (15), log 55 ns
/// (6), pow 90 ns (10). Fine for what driftlab calls them on (a loss, a schedule,
/// Box–Muller, t-SNE); think again before a per-element activation.
///
/// The files: ExponentialFunctions.swift (exp, log, log2), PowerFunction.swift (pow),
/// TrigonometricFunctions.swift (sin, cos), TrigonometricReduction.swift (x mod π/2).
public enum Elementary {
    public static func exp(_ x: Float) -> Float { Float(exp(Double(x))) }
    public static func log(_ x: Float) -> Float { Float(log(Double(x))) }
    public static func log2(_ x: Float) -> Float { Float(log2(Double(x))) }
    public static func pow(_ x: Float, _ y: Float) -> Float { Float(pow(Double(x), Double(y))) }
    public static func sin(_ x: Float) -> Float { Float(sin(Double(x))) }
    public static func cos(_ x: Float) -> Float { Float(cos(Double(x))) }

    /// 2^n for −1022 ≤ n ≤ 1023, from its bits.
    @inline(__always) static func powerOfTwo(_ n: Int) -> Double {
        Double(bitPattern: UInt64(n + 1023) << 52)
    }

    /// round(t) to the nearest integer, ties to even, for |t| < 2^51: adding 1.5·2^52 leaves no
    /// bits below the units place, so the addition itself rounds; subtracting it back is exact.
    @inline(__always) static func roundedToInteger(_ t: Double) -> Double {
        let shifter = 0x1.8p52
        return (t + shifter) - shifter
    }
}
