/// The 8 × 8 transpose of eight rows: v_k holds element k of every row, in row order. Three
/// perfect unshuffles of the 64 elements (evens, then odds) rotate each index's six bits by three,
/// which swaps row and column. Data movement only.
struct Transposed8x8 {
    var v0, v1, v2, v3, v4, v5, v6, v7: SIMD8<Float>

    @inline(__always)
    init(_ r0: SIMD8<Float>, _ r1: SIMD8<Float>, _ r2: SIMD8<Float>, _ r3: SIMD8<Float>,
         _ r4: SIMD8<Float>, _ r5: SIMD8<Float>, _ r6: SIMD8<Float>, _ r7: SIMD8<Float>) {
        (v0, v1, v2, v3, v4, v5, v6, v7) = (r0, r1, r2, r3, r4, r5, r6, r7)
        for _ in 0..<3 { unshuffle() }
    }

    @inline(__always)
    private mutating func unshuffle() {
        (v0, v1, v2, v3, v4, v5, v6, v7) = (
            SIMD8(lowHalf: v0.evenHalf, highHalf: v1.evenHalf), SIMD8(lowHalf: v2.evenHalf, highHalf: v3.evenHalf),
            SIMD8(lowHalf: v4.evenHalf, highHalf: v5.evenHalf), SIMD8(lowHalf: v6.evenHalf, highHalf: v7.evenHalf),
            SIMD8(lowHalf: v0.oddHalf, highHalf: v1.oddHalf), SIMD8(lowHalf: v2.oddHalf, highHalf: v3.oddHalf),
            SIMD8(lowHalf: v4.oddHalf, highHalf: v5.oddHalf), SIMD8(lowHalf: v6.oddHalf, highHalf: v7.oddHalf))
    }
}
