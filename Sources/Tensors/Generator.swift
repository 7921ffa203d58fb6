/// The one random generator of driftlab: xoshiro256** (Blackman & Vigna 2018), seeded through
/// SplitMix64. Every draw in a run — initialisation, shuffling, dropout, noise — comes from an
/// instance created from the spec's seed and passed in explicitly; its state is checkpointed.
public final class Generator: RandomNumberGenerator {
    public private(set) var state: (UInt64, UInt64, UInt64, UInt64)
    /// A second normal from Box–Muller, kept so draws come in pairs without waste.
    private var spareNormal: Float?

    public init(seed: UInt64) {
        var sm = seed
        func splitMix() -> UInt64 {
            sm &+= 0x9E37_79B9_7F4A_7C15
            var z = sm
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (splitMix(), splitMix(), splitMix(), splitMix())
    }

    /// The full state, for checkpoints: four words plus the pending normal (NaN bit pattern if none).
    public var savedState: [UInt64] {
        [state.0, state.1, state.2, state.3, spareNormal.map { UInt64($0.bitPattern) } ?? UInt64.max]
    }
    public convenience init(savedState s: [UInt64]) {
        self.init(seed: 0)
        restore(savedState: s)
    }
    /// Puts an existing generator back to a saved state, so everything holding it (layers,
    /// loaders) continues the checkpointed stream.
    public func restore(savedState s: [UInt64]) {
        precondition(s.count == 5, "generator state needs 5 words, got \(s.count)")
        state = (s[0], s[1], s[2], s[3])
        spareNormal = s[4] == UInt64.max ? nil : Float(bitPattern: UInt32(truncatingIfNeeded: s[4]))
    }

    public func next() -> UInt64 {
        let result = rotl(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotl(state.3, 45)
        return result
    }
    @inline(__always) private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// Uniform in [0, 1) with 24 random bits.
    @inline(__always) public func uniform() -> Float { Float(next() >> 40) * (1.0 / 16_777_216.0) }
    public func uniform(_ low: Float, _ high: Float) -> Float { low + (high - low) * uniform() }

    /// `count` draws of `uniform()` in order into `values`: the same stream and bits as calling
    /// it `count` times, with the state in registers for the loop (a draw through the class's
    /// stored state pays an access check per word, ~20× the draw itself).
    public func fillUniform(_ values: UnsafeMutablePointer<Float>, count: Int) {
        var (s0, s1, s2, s3) = state
        for i in 0..<count {
            let result = rotl(s1 &* 5, 7) &* 9
            let t = s1 << 17
            s2 ^= s0
            s3 ^= s1
            s1 ^= s2
            s0 ^= s3
            s2 ^= t
            s3 = rotl(s3, 45)
            values[i] = Float(result >> 40) * (1.0 / 16_777_216.0)
        }
        state = (s0, s1, s2, s3)
    }
    /// Uniform integer in 0..<n without modulo bias.
    public func integer(below n: Int) -> Int {
        precondition(n > 0)
        // Lemire's multiply-shift with rejection of the biased low range.
        let bound = UInt64(n)
        let threshold = (0 &- bound) % bound
        while true {
            let (high, low) = next().multipliedFullWidth(by: bound)
            if low >= threshold { return Int(high) }
        }
    }

    /// Standard normal by the Box–Muller transform, with driftlab's own log, sin and cos
    /// (`Elementary`), so the draws are the same bits on every machine.
    public func normal() -> Float {
        if let z = spareNormal { spareNormal = nil; return z }
        var u1 = Double(next() >> 11) * 0x1.0p-53
        if u1 < 1e-300 { u1 = 1e-300 }
        let u2 = Double(next() >> 11) * 0x1.0p-53
        let r = (-2 * Elementary.log(u1)).squareRoot()
        spareNormal = Float(r * Elementary.sin(2 * .pi * u2))
        return Float(r * Elementary.cos(2 * .pi * u2))
    }
    public func normal(mean: Float, std: Float) -> Float { mean + std * normal() }

    /// Fisher–Yates permutation of 0..<n.
    public func permutation(_ n: Int) -> [Int] {
        var p = Array(0..<n)
        if n > 1 { for i in stride(from: n - 1, to: 0, by: -1) { p.swapAt(i, integer(below: i + 1)) } }
        return p
    }

    public func fillUniform(_ t: Tensor, low: Float, high: Float) {
        for i in 0..<t.count { t.data[i] = uniform(low, high) }
    }
    public func fillNormal(_ t: Tensor, mean: Float = 0, std: Float = 1) {
        for i in 0..<t.count { t.data[i] = normal(mean: mean, std: std) }
    }
}
