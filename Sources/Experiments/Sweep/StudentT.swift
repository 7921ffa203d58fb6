import Tensors

/// Student's t distribution with ν (an integer ≥ 1) degrees of freedom: its CDF through the
/// regularized incomplete beta function, its quantiles by bisection on the CDF. Only + − × ÷,
/// √ and `Elementary`'s exp and log, so a quantile has the same bits on every machine (the
/// aggregate's bytes must not depend on where it ran).
public enum StudentT {
    /// P(T ≤ t). For t ≥ 0,  P(T ≤ t) = 1 − ½ I_x(ν/2, ½)  with  x = ν / (ν + t²);
    /// the distribution is symmetric about 0.
    public static func cdf(_ t: Double, degreesOfFreedom nu: Int) -> Double {
        precondition(nu >= 1, "degrees of freedom must be ≥ 1")
        let v = Double(nu)
        let tail = 0.5 * regularizedIncompleteBeta(v / (v + t * t), a: v / 2, b: 0.5, halves: (nu, 1))
        return t >= 0 ? 1 - tail : tail
    }

    /// The t with P(T ≤ t) = p, for 0.5 ≤ p < 1 (t_{0.975, ν} for a 95 % two-sided interval):
    /// bisection on [0, hi] until the interval stops shrinking, hi doubled until it brackets.
    public static func quantile(_ p: Double, degreesOfFreedom nu: Int) -> Double {
        precondition(p >= 0.5 && p < 1, "quantile(p) takes 0.5 ≤ p < 1")
        var lo = 0.0, hi = 1.0
        while cdf(hi, degreesOfFreedom: nu) < p { lo = hi; hi *= 2 }
        for _ in 0..<200 {
            let mid = lo + (hi - lo) / 2
            if mid <= lo || mid >= hi { break }
            if cdf(mid, degreesOfFreedom: nu) < p { lo = mid } else { hi = mid }
        }
        return hi
    }

    /// I_x(a, b) with a = halves.0 / 2 and b = halves.1 / 2 (so the Γ's are exact products):
    ///   I_x(a, b) = x^a (1 − x)^b / (a B(a, b)) · CF(a, b, x)   for x < (a + 1)/(a + b + 2),
    ///   I_x(a, b) = 1 − I_{1−x}(b, a)                            otherwise,
    /// CF the continued fraction of Numerical Recipes' betacf (modified Lentz).
    static func regularizedIncompleteBeta(_ x: Double, a: Double, b: Double, halves: (Int, Int)) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logBeta = logGammaOfHalf(halves.0) + logGammaOfHalf(halves.1) - logGammaOfHalf(halves.0 + halves.1)
        let front = Elementary.exp(a * Elementary.log(x) + b * Elementary.log(1 - x) - logBeta)
        if x < (a + 1) / (a + b + 2) { return front * continuedFraction(x, a: a, b: b) / a }
        return 1 - front * continuedFraction(1 - x, a: b, b: a) / b
    }

    /// The continued fraction of I_x(a, b), evaluated by the modified Lentz method.
    static func continuedFraction(_ x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300, epsilon = 1e-16
        var c = 1.0, d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...1000 {
            let k = Double(m)
            // Even step:  d_{2m} = m (b − m) x / ((a + 2m − 1)(a + 2m)).
            var term = k * (b - k) * x / ((a + 2 * k - 1) * (a + 2 * k))
            d = 1 + term * d; if abs(d) < tiny { d = tiny }
            c = 1 + term / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            // Odd step:  d_{2m+1} = −(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)).
            term = -(a + k) * (a + b + k) * x / ((a + 2 * k) * (a + 2 * k + 1))
            d = 1 + term * d; if abs(d) < tiny { d = tiny }
            c = 1 + term / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let step = d * c
            h *= step
            if abs(step - 1) < epsilon { break }
        }
        return h
    }

    /// ln Γ(k/2) for an integer k ≥ 1, from Γ(1) = 1, Γ(½) = √π and Γ(z + 1) = z Γ(z):
    /// a sum of logarithms, exact up to their rounding.
    static func logGammaOfHalf(_ k: Int) -> Double {
        precondition(k >= 1)
        var sum = k % 2 == 1 ? 0.5 * Elementary.log(Double.pi) : 0
        // z runs over k/2 − 1, k/2 − 2, … down to 1 (k even) or ½ (k odd), ascending here.
        var z = k % 2 == 1 ? 0.5 : 1.0
        while z < Double(k) / 2 {
            sum += Elementary.log(z)
            z += 1
        }
        return sum
    }
}
