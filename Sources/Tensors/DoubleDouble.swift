/// An unevaluated sum hi + lo of two Doubles with |lo| ≤ ulp(hi)/2: about 106 significant
/// bits, for the steps of `Elementary` that must be carried past Double precision.
///
/// Built only on the error-free transformations of Knuth and Dekker: round-to-nearest + − ×,
/// no fused multiply–add (a fused op would be a different sequence, and on the baseline
/// x86-64 target Swift lowers `addingProduct` to a libm call), so every step rounds the same
/// way on every CPU.
struct DoubleDouble {
    var hi: Double
    var lo: Double

    init(_ hi: Double, _ lo: Double = 0) {
        self.hi = hi
        self.lo = lo
    }

    /// a + b = sum + error exactly, for any finite a, b (Knuth's TwoSum).
    @inline(__always) static func twoSum(_ a: Double, _ b: Double) -> (sum: Double, error: Double) {
        let s = a + b
        let bVirtual = s - a
        return (s, (a - (s - bVirtual)) + (b - bVirtual))
    }

    /// The same when |a| ≥ |b| or a = 0 (Dekker's FastTwoSum): three operations.
    @inline(__always) static func fastTwoSum(_ a: Double, _ b: Double) -> (sum: Double, error: Double) {
        let s = a + b
        return (s, b - (s - a))
    }

    /// a = hi + lo with hi holding the top 26 bits and lo the rest, both exact (Veltkamp:
    /// c = (2^27 + 1)·a, hi = c − (c − a)). Valid for |a| < 2^995 (c must not overflow).
    @inline(__always) static func split(_ a: Double) -> (hi: Double, lo: Double) {
        let c = 134_217_729.0 * a
        let hi = c - (c - a)
        return (hi, a - hi)
    }

    /// a·b = product + error exactly (Dekker): the four half-width partial products are exact,
    /// so the error is recovered without a fused multiply–add. Needs |a|, |b| < 2^995 and a
    /// product that does not underflow (else the error is only approximate).
    @inline(__always) static func twoProduct(_ a: Double, _ b: Double) -> (product: Double, error: Double) {
        let p = a * b
        let (ah, al) = split(a), (bh, bl) = split(b)
        return (p, ((ah * bh - p) + ah * bl + al * bh) + al * bl)
    }

    /// Sum with relative error ≲ 2^-104 when a and b have the same sign or do not nearly
    /// cancel (the only case `Elementary` uses: at worst a factor-2 cancellation).
    @inline(__always) static func + (a: DoubleDouble, b: DoubleDouble) -> DoubleDouble {
        let (s, e) = twoSum(a.hi, b.hi)
        let (hi, lo) = fastTwoSum(s, e + (a.lo + b.lo))
        return DoubleDouble(hi, lo)
    }

    @inline(__always) static func + (a: DoubleDouble, b: Double) -> DoubleDouble {
        let (s, e) = twoSum(a.hi, b)
        let (hi, lo) = fastTwoSum(s, e + a.lo)
        return DoubleDouble(hi, lo)
    }

    /// Product with relative error ≲ 2^-102: the exact hi·hi plus the two cross terms
    /// (lo·lo is below the last bit).
    @inline(__always) static func * (a: DoubleDouble, b: DoubleDouble) -> DoubleDouble {
        let (p, e) = twoProduct(a.hi, b.hi)
        let (hi, lo) = fastTwoSum(p, e + (a.hi * b.lo + a.lo * b.hi))
        return DoubleDouble(hi, lo)
    }
}
