/// exp, log and log2 of `Elementary`.
extension Elementary {
    /// ln 2 = ln2Hi + ln2Lo with ln2Hi cut to 42 bits, so k·ln2Hi is exact for |k| < 2^11.
    static let ln2Hi = 0x1.62e42fefa3800p-1
    static let ln2Lo = 0x1.ef35793c76730p-45
    /// ln 2 and 1/ln 2 as double-doubles (each Double the rounding of what remains).
    static let ln2 = DoubleDouble(0x1.62e42fefa39efp-1, 0x1.abc9e3b39803fp-56)
    static let inverseLn2 = DoubleDouble(0x1.71547652b82fep0, 0x1.777d0ffda0d24p-56)

    // MARK: exp

    /// e^x, below 1 ulp from the exact value. exp(NaN) = NaN, exp(+inf) = +inf,
    /// exp(−inf) = +0; overflows to +inf above 709.78 and is subnormal from −708.4 down to
    /// −745.13, 0 below.
    public static func exp(_ x: Double) -> Double {
        if x.isNaN { return x + x }
        // Loose bounds: inside them the final scaling overflows or underflows by itself.
        if x > 709.79 { return .infinity }
        if x < -745.2 { return 0 }
        return exponential(x, 0)
    }

    /// e^(xHi + xLo) for |xLo| ≤ ulp(xHi)/2 and −745.2 ≤ xHi ≤ 709.79 (pow passes its y·ln x
    /// in two parts).
    static func exponential(_ xHi: Double, _ xLo: Double) -> Double {
        // x = k·ln2 + r with k = round(x/ln2), |r| ≤ ln2/2 (Cody–Waite): k·ln2Hi is exact
        // (11 × 42 bits) and so is xHi − k·ln2Hi (Sterbenz: the two are within a factor 2
        // whenever k ≠ 0); k·ln2Lo rounds by < 2^-86. The remainder is kept as rHi + rLo.
        let kd = roundedToInteger(xHi * inverseLn2.hi)
        let r1 = xHi - kd * ln2Hi
        let (r2, e2) = DoubleDouble.twoSum(r1, -(kd * ln2Lo))
        let (rh, rl) = DoubleDouble.twoSum(r2, e2 + xLo)

        // e^r = 1 + r + q(r), q(r) = r²/2! + r³/3! + … + r^14/14! (Taylor; the first term left
        // out, r^15/15!, is below 2^-63 for |r| ≤ ln2/2). q ≤ 0.067, so its rounding errors
        // cost < 0.2 ulp of the result.
        let q = rh * rh * (1.0 / 2 + rh * (1.0 / 6 + rh * (1.0 / 24 + rh * (1.0 / 120 + rh * (1.0 / 720
            + rh * (1.0 / 5040 + rh * (1.0 / 40320 + rh * (1.0 / 362_880 + rh * (1.0 / 3_628_800
            + rh * (1.0 / 39_916_800 + rh * (1.0 / 479_001_600 + rh * (1.0 / 6_227_020_800
            + rh * (1.0 / 87_178_291_200)))))))))))))

        // e^(rh + rl) = e^rh·e^rl ≈ (1 + rh + q) + rl·(1 + rh): the rl·rh²/2 left out is
        // below 2^-59. 1 + rh is split exactly so that only the final addition rounds at
        // the result's precision.
        let (s, t) = DoubleDouble.fastTwoSum(1, rh)
        let y = s + (t + (q + (rl + rh * rl)))
        return scaled(y, by: Int(kd))
    }

    /// y·2^k for y in [0.7, 1.5] and −1075 ≤ k ≤ 1024: one multiplication by an exact power
    /// of two, so one rounding (to subnormal, or to +inf, when the result needs it; a
    /// subnormal result is thus rounded twice, y first, and may be 1 ulp off).
    @inline(__always) static func scaled(_ y: Double, by k: Int) -> Double {
        if k > 1023 { return (y * powerOfTwo(1023)) * powerOfTwo(k - 1023) }
        if k < -1000 { return (y * powerOfTwo(k + 60)) * powerOfTwo(-60) }
        return y * powerOfTwo(k)
    }

    // MARK: log

    /// ln x, below 1 ulp from the exact value (the double-double logarithm rounded once).
    /// log(NaN) = NaN, log(x < 0) = NaN, log(±0) = −inf, log(+inf) = +inf, log(1) = +0.
    public static func log(_ x: Double) -> Double {
        if let special = logarithmOfSpecial(x) { return special }
        return naturalLogarithm(x).hi
    }

    /// log₂ x, below 1 ulp; exact for powers of two. Specials as for `log`.
    public static func log2(_ x: Double) -> Double {
        if let special = logarithmOfSpecial(x) { return special }
        let (k, f) = logarithmReduction(x)
        // log₂ x = k + ln(1 + f)/ln 2, the quotient carried as a double-double.
        return (log1pKernel(f) * inverseLn2 + Double(k)).hi
    }

    /// The result of log and log2 where the argument is not finite and positive.
    @inline(__always) static func logarithmOfSpecial(_ x: Double) -> Double? {
        if x.isNaN { return x + x }
        if x < 0 { return .nan }
        if x == 0 { return -.infinity }
        if x == .infinity { return .infinity }
        return nil
    }

    /// ln x as a double-double (relative error below 2^-68) for finite x > 0: what pow needs.
    static func naturalLogarithm(_ x: Double) -> DoubleDouble {
        let (k, f) = logarithmReduction(x)
        let l = log1pKernel(f)
        if k == 0 { return l }
        // k·ln2 in double-double: k·ln2.hi exactly by Dekker's product, k·ln2.lo rounded.
        let kd = Double(k)
        let (p, e) = DoubleDouble.twoProduct(kd, ln2.hi)
        let (kHi, kLo) = DoubleDouble.fastTwoSum(p, e + kd * ln2.lo)
        // For k ≠ 0, |k·ln2| ≥ 2·|ln(1 + f)|: no worse than a factor-2 cancellation.
        return DoubleDouble(kHi, kLo) + l
    }

    /// x = 2^k·(1 + f) with 1 + f in [√½, √2], i.e. −0.293 ≤ f ≤ 0.415, for finite x > 0.
    /// f = m − 1 is exact (Sterbenz). Subnormal x is first scaled by 2^54.
    @inline(__always) static func logarithmReduction(_ x: Double) -> (k: Int, f: Double) {
        var bits = x.bitPattern, k = 0
        if x < 0x1p-1022 {
            bits = (x * 0x1p54).bitPattern
            k = -54
        }
        k += Int(bits >> 52) - 1023
        // The significand with a zero exponent: m in [1, 2).
        var m = Double(bitPattern: (bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000)
        if m > 0x1.6a09e667f3bcdp0 {  // √2
            m *= 0.5
            k += 1
        }
        return (k, m - 1)
    }

    /// ln(1 + f) as a double-double for −0.293 ≤ f ≤ 0.415, relative error below 2^-68.
    static func log1pKernel(_ f: Double) -> DoubleDouble {
        // With s = f/(2 + f), 1 + f = (1 + s)/(1 − s), so
        //     ln(1 + f) = 2·atanh s = 2s·P(z),  P(z) = Σ_{j≥0} z^j/(2j + 1),  z = s²,
        // and |s| ≤ (√2 − 1)/(√2 + 1) = 0.1716, z ≤ 0.0295.
        // s as a double-double: 2 + f exactly as dHi + dLo, sHi = f/dHi, and the remainder
        // f − sHi·(dHi + dLo) (f − sHi·dHi exact via Dekker) divided once more.
        let (dHi, dLo) = DoubleDouble.fastTwoSum(2, f)
        let sHi = f / dHi
        let (p, pe) = DoubleDouble.twoProduct(sHi, dHi)
        let s = DoubleDouble(sHi, (((f - p) - pe) - sHi * dLo) / dHi)
        let z = s * s
        // The terms j ≥ 3 in plain Double, from sHi² (not waiting for the double-double z):
        // they are below z³/7·1.01 < 4e-6, so their rounding is below 2^-70 of P. The first
        // term left out, z^13/27, is below 2^-70 too. Estrin's scheme (pairs, then powers w²,
        // w⁴) shortens the chain of dependent operations that Horner's would be.
        let w = sHi * sHi, w2 = w * w, w4 = w2 * w2
        let tail = w * (((1.0 / 7 + w * (1.0 / 9)) + w2 * (1.0 / 11 + w * (1.0 / 13)))
            + w4 * (((1.0 / 15 + w * (1.0 / 17)) + w2 * (1.0 / 19 + w * (1.0 / 21)))
            + w4 * (1.0 / 23 + w * (1.0 / 25))))
        // P = 1 + z·(1/3 + z·(1/5 + tail)), the outer steps in double-double: z/3 alone is
        // up to 1% of P, beyond what Double rounding could carry to 2^-68.
        let third = DoubleDouble(0x1.5555555555555p-2, 0x1.5555555555555p-56)
        let fifth = DoubleDouble(0x1.999999999999ap-3, -0x1.999999999999ap-57)
        let polynomial = ((fifth + tail) * z + third) * z + 1
        return DoubleDouble(2 * s.hi, 2 * s.lo) * polynomial
    }
}

