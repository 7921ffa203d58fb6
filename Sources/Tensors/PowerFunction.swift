/// pow of `Elementary`.
extension Elementary {
    /// x^y for all Doubles, below 1 ulp from the exact value. Where the exact value is a
    /// Double the result is that Double (tested: 2^k for all k, 10^n to 10^22, 3^n to 3^33),
    /// since less than a tenth of an ulp is lost before the last rounding.
    /// Special cases as C99 Annex F:
    /// pow(x, ±0) = 1 and pow(1, y) = 1 even for NaN; x < 0 with a non-integer y → NaN;
    /// powers of ±0 and ±inf keep the sign of x for odd integer y; pow(−1, ±inf) = 1.
    public static func pow(_ x: Double, _ y: Double) -> Double {
        if y == 0 || x == 1 { return 1 }
        if x.isNaN || y.isNaN { return x + y }
        // Every Double with |y| ≥ 2^52 is an integer, and even from 2^53 on.
        let magnitude = Swift.abs(y)
        let isInteger = magnitude >= 0x1p52 || Double(Int64(y)) == y
        let isOddInteger = magnitude < 0x1p53 && isInteger && Int64(y) & 1 == 1
        if y.isInfinite {
            let ax = Swift.abs(x)
            if ax == 1 { return 1 }
            return (ax < 1) == (y > 0) ? 0 : .infinity
        }
        if x == 0 {
            if y < 0 { return isOddInteger ? 1 / x : .infinity }
            return isOddInteger ? x : 0
        }
        if x.isInfinite {
            let value: Double = y < 0 ? 0 : .infinity
            return x < 0 && isOddInteger ? -value : value
        }
        if x < 0 && !isInteger { return .nan }
        let negate = x < 0 && isOddInteger
        let result = positivePower(Swift.abs(x), y)
        return negate ? -result : result
    }

    /// x^y = e^(y·ln x) for finite x > 0 and finite y ≠ 0. ln x is a double-double with relative
    /// error < 2^-68 and y·ln x is formed exactly up to that, so for |y·ln x| ≤ 745 the exponent
    /// is off by < 2^-58 and the result by < 0.05 ulp before exp's own < 0.8 ulp.
    static func positivePower(_ x: Double, _ y: Double) -> Double {
        let l = naturalLogarithm(x)
        // A rough product first: far outside exp's range the answer is 0 or +inf, and Dekker's
        // product below needs |y| < 2^995 (|y·l| ≤ 800 with |l| ≥ 2^-53 keeps |y| < 2^63).
        let rough = y * l.hi
        if rough > 800 { return .infinity }
        if rough < -800 { return 0 }
        let (p, e) = DoubleDouble.twoProduct(y, l.hi)
        let (zHi, zLo) = DoubleDouble.fastTwoSum(p, e + y * l.lo)
        if zHi > 709.79 { return .infinity }
        if zHi < -745.2 { return 0 }
        return exponential(zHi, zLo)
    }
}
