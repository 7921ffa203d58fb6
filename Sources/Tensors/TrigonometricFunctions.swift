/// sin and cos of `Elementary`: x = n·π/2 + r (TrigonometricReduction.swift), then a Taylor
/// polynomial on |r| ≤ π/4 chosen by n mod 4.
extension Elementary {
    /// sin x, below 1 ulp from the exact value for every finite x. sin(±0) = ±0,
    /// sin(±inf) = sin(NaN) = NaN.
    public static func sin(_ x: Double) -> Double {
        if !x.isFinite { return x - x }
        // sin x = x·(1 − x²/6 + …) rounds to x for |x| < 2^-26 (this keeps the sign of −0).
        if Swift.abs(x) < 0x1p-26 { return x }
        let (quadrant, r) = reduceQuarterTurns(x)
        switch quadrant {
        case 0: return sineKernel(r)
        case 1: return cosineKernel(r)
        case 2: return -sineKernel(r)
        default: return -cosineKernel(r)
        }
    }

    /// cos x, below 1 ulp from the exact value for every finite x. cos(±inf) = cos(NaN) = NaN.
    public static func cos(_ x: Double) -> Double {
        if !x.isFinite { return x - x }
        // cos x = 1 − x²/2 + … rounds to 1 for |x| < 2^-27.
        if Swift.abs(x) < 0x1p-27 { return 1 }
        let (quadrant, r) = reduceQuarterTurns(x)
        switch quadrant {
        case 0: return cosineKernel(r)
        case 1: return -sineKernel(r)
        case 2: return -cosineKernel(r)
        default: return sineKernel(r)
        }
    }

    /// sin(rHi + rLo) for |r| ≤ π/4 (a hair more after a rounding tie).
    ///     sin x = x − x³/3! + x⁵/5! − … + x^17/17!
    /// (Taylor; the first term left out, x^19/19!, is below 2^-63 of x), and
    ///     sin(x + rLo) ≈ sin x + rLo·(1 − x²/2), the rest of the cos factor below 2^-58 of x.
    /// The polynomial after x is at most 0.11 of the result, so its rounding costs < 0.3 ulp.
    @inline(__always) static func sineKernel(_ r: DoubleDouble) -> Double {
        let x = r.hi, z = x * x
        let p = -1.0 / 6 + z * (1.0 / 120 + z * (-1.0 / 5040 + z * (1.0 / 362_880 + z * (-1.0 / 39_916_800
            + z * (1.0 / 6_227_020_800 + z * (-1.0 / 1_307_674_368_000 + z * (1.0 / 355_687_428_096_000)))))))
        return x + ((z * x) * p + (r.lo - 0.5 * z * r.lo))
    }

    /// cos(rHi + rLo) for |r| ≤ π/4 (a hair more after a rounding tie).
    ///     cos x = 1 − x²/2 + x⁴/4! − … + x^18/18!
    /// (Taylor; the first term left out, x^20/20!, is below 2^-68), and
    ///     cos(x + rLo) ≈ cos x − x·rLo.
    /// x² is exact as zHi + zLo (Dekker) and 1 − zHi/2 is split as w plus its exact rounding
    /// error, so only terms below 0.016 of the result round before the final addition.
    @inline(__always) static func cosineKernel(_ r: DoubleDouble) -> Double {
        let x = r.hi
        let (zh, zl) = DoubleDouble.twoProduct(x, x)
        let halfZ = 0.5 * zh, w = 1 - halfZ
        let c = zh * zh * (1.0 / 24 + zh * (-1.0 / 720 + zh * (1.0 / 40320 + zh * (-1.0 / 3_628_800
            + zh * (1.0 / 479_001_600 + zh * (-1.0 / 87_178_291_200 + zh * (1.0 / 20_922_789_888_000
            + zh * (-1.0 / 6_402_373_705_728_000))))))))
        return w + (((1 - w) - halfZ) + (c - (0.5 * zl + x * r.lo)))
    }
}
