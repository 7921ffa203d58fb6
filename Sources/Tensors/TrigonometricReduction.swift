/// Argument reduction for sin and cos: x = n·π/2 + r with |r| ≤ π/4, r as a double-double.
///
/// Up to |x| < 2^20 Cody–Waite with π/2 in four parts; from 2^20 on, Payne–Hanek with 1216
/// bits of 2/π, so every finite Double reduces to r with relative error below 2^-70: the
/// closest a Double comes to a multiple of π/2 is r ≈ 4.7e-19 ≈ 2^-61 (at 6381956970095103·2^797),
/// and both methods carry well over 61 bits past the leading bit of x·2/π.
extension Elementary {
    /// π/2 = p1 + p2 + p3 + p4: p1, p2, p3 carry 33 bits each (so n·pᵢ is exact for
    /// |n| < 2^20), p4 the next 53; what remains is below 2^-152.
    static let piOver2Part1 = 0x1.921fb54400000p0
    static let piOver2Part2 = 0x1.0b4611a600000p-34
    static let piOver2Part3 = 0x1.3198a2e000000p-69
    static let piOver2Part4 = 0x1.b839a252049c1p-104
    /// π/2 and 2/π rounded to Double, and π/2 as a double-double.
    static let piOver2 = DoubleDouble(0x1.921fb54442d18p0, 0x1.1a62633145c07p-54)
    static let twoOverPi = 0x1.45f306dc9c883p-1

    /// n mod 4 and r for finite x.
    static func reduceQuarterTurns(_ x: Double) -> (quadrant: Int, r: DoubleDouble) {
        let magnitude = Swift.abs(x)
        if magnitude <= 0x1.921fb54442d18p-1 { return (0, DoubleDouble(x)) }  // π/4
        if magnitude < 0x1p20 { return codyWaiteReduction(x) }
        let (quadrant, r) = payneHanekReduction(magnitude)
        return x < 0 ? ((4 - quadrant) & 3, DoubleDouble(-r.hi, -r.lo)) : (quadrant, r)
    }

    /// Cody–Waite for |x| < 2^20: n = round(x·2/π) (|n| < 2^20; an n one off at a rounding
    /// tie leaves |r| a hair above π/4, which the kernels allow), then
    ///     r = ((x − n·p1) − n·p2) − n·p3 − n·p4.
    /// x − n·p1 is exact (n·p1 exact, the two within a factor 2), the next two subtractions
    /// are made exact by TwoSum, and only the tiny n·p4 and the sum of the error terms round.
    static func codyWaiteReduction(_ x: Double) -> (quadrant: Int, r: DoubleDouble) {
        let n = roundedToInteger(x * twoOverPi)
        let r1 = x - n * piOver2Part1
        let (a, b) = DoubleDouble.twoSum(r1, -(n * piOver2Part2))
        let (c, d) = DoubleDouble.twoSum(a, -(n * piOver2Part3))
        let (hi, lo) = DoubleDouble.twoSum(c, (b + d) - n * piOver2Part4)
        return (Int(n) & 3, DoubleDouble(hi, lo))
    }

    /// Bits of 2/π = 0.A2F9836E…₁₆, 64 to a word, after one word of zeros so a window may
    /// start before the binary point: word j holds bits 64(j−1)+1 … 64j.
    static let twoOverPiBits: [UInt64] = [
        0x0000_0000_0000_0000, 0xA2F9_836E_4E44_1529, 0xFC27_57D1_F534_DDC0, 0xDB62_9599_3C43_9041,
        0xFE51_63AB_DEBB_C561, 0xB724_6E3A_424D_D2E0, 0x0649_2EEA_09D1_921C, 0xFE1D_EB1C_B129_A73E,
        0xE882_35F5_2EBB_4484, 0xE99C_7026_B45F_7E41, 0x3991_D639_8353_39F4, 0x9C84_5F8B_BDF9_283B,
        0x1FF8_97FF_DE05_980F, 0xEF2F_118B_5A0A_6D1F, 0x6D36_7ECF_27CB_09B7, 0x4F46_3F66_9E5F_EA2D,
        0x7527_BAC7_EBE5_F17B, 0x3D07_39F7_8A52_92EA, 0x6BFB_5FB1_1F8D_5D08, 0x5603_3046_FC7B_6BAB,
    ]

    /// Payne–Hanek for finite x ≥ 2^20. With x = M·2^E (M the 53-bit integer significand,
    /// E ≥ −32), the bits b_i of 2/π = Σ b_i 2^-i with i ≤ E − 2 add M·2^(E−i), a multiple of 4,
    /// to x·2/π: they change neither n mod 4 nor the fraction. The 192 bits from i = E − 1 on
    /// form an integer W, and x·(those bits) = M·W·2^-190 exactly; the bits after them add
    /// less than M·2^-190 < 2^-137. So in the 256-bit product P = M·W bits 190–191 are n mod 4
    /// and bits 0–189 the fraction of x·2/π, which is then rounded to the nearest n.
    static func payneHanekReduction(_ x: Double) -> (quadrant: Int, r: DoubleDouble) {
        let bits = x.bitPattern
        let significand = (bits & 0x000F_FFFF_FFFF_FFFF) | 0x0010_0000_0000_0000
        let exponent = Int(bits >> 52) - 1075
        // Bit i of 2/π is bit i + 63 of the padded table; the window starts at i = E − 1.
        let start = exponent + 62
        let word = start >> 6, shift = UInt64(start & 63)
        func windowWord(_ j: Int) -> UInt64 {
            let t = twoOverPiBits
            return shift == 0 ? t[word + j] : (t[word + j] << shift) | (t[word + j + 1] >> (64 - shift))
        }
        let w0 = windowWord(0), w1 = windowWord(1), w2 = windowWord(2)

        // P = M·W as four words p0 (high) … p3; p0 only holds multiples of 4 and is dropped.
        let (h2, l2) = significand.multipliedFullWidth(by: w2)
        let (h1, l1) = significand.multipliedFullWidth(by: w1)
        let l0 = significand &* w0
        let (p2, carry2) = l1.addingReportingOverflow(h2)
        let p1 = l0 &+ h1 &+ (carry2 ? 1 : 0)
        var (f1, f2, f3) = (p1 & 0x3FFF_FFFF_FFFF_FFFF, p2, l2)  // the fraction, 62 + 128 bits
        var quadrant = Int(p1 >> 62)
        // A fraction ≥ 1/2 rounds n up and leaves the negative fraction −(2^190 − F).
        let negative = f1 >> 61 == 1
        if negative {
            quadrant = (quadrant + 1) & 3
            (f1, f2, f3) = (~f1, ~f2, ~f3)
            var carry: Bool
            (f3, carry) = f3.addingReportingOverflow(1)
            if carry { (f2, carry) = f2.addingReportingOverflow(1) }
            if carry { f1 &+= 1 }
            f1 &= 0x3FFF_FFFF_FFFF_FFFF
        }

        // The fraction's leading 128 bits as A·2^64 + B, scaled by 2^-(190 − 128 + lead).
        // It is at least 2^-62, so its leading bit lies in f1 or f2.
        var lead = 0
        if f1 == 0 { (f1, f2, f3) = (f2, f3, 0); lead = 64 }
        let z = f1.leadingZeroBitCount
        var a = f1, b = f2
        if z > 0 {
            a = (f1 << UInt64(z)) | (f2 >> UInt64(64 - z))
            b = (f2 << UInt64(z)) | (f3 >> UInt64(64 - z))
        }
        lead += z
        // a's top 53 bits exactly, then the next 64 (rounded to 53) for the low part.
        let fHi = Double(a >> 11) * powerOfTwo(-113 - lead + 62)
        let fLo = Double(((a & 0x7FF) << 53) | (b >> 11)) * powerOfTwo(-177 - lead + 62)
        let (h, l) = DoubleDouble.fastTwoSum(fHi, fLo)
        let f = negative ? DoubleDouble(-h, -l) : DoubleDouble(h, l)
        return (quadrant, f * piOver2)
    }
}
