import Tensors

extension ConvolutionEngine {
    /// dBias[o] += Σ_s Σ_p dOutput[s, o, p]: each sample's plane summed in Double, the samples
    /// added in batch order, rounded to Float once — the same bits however the batch is cut.
    /// Each channel's sums are one chain of Double additions (latency-bound, ~4 cycles a term), so
    /// eight channels run side by side in the lanes of a vector, each lane its own channel's
    /// chain in the same order (mnist-cnn-train: 5.3 % of the step, `perf`, as one chain at a
    /// time). Blocks of channels are shared out over the cores (each keeps its order).
    /// dOutput: (N, OC, P), dBias: (OC).
    static func addBiasGradient(batch: Int, outChannels oc: Int, plane p: Int,
                                dOutput: UnsafePointer<Float>, into dBias: UnsafeMutablePointer<Float>) {
        let blocks = (oc + 7) / 8
        parallelRanges(blocks, costPerItem: 8 * batch * p) { range in
            var block = range.lowerBound
            while block < range.upperBound {
                let o0 = block * 8
                if oc - o0 < 8 {
                    for o in o0..<oc { dBias[o] += Float(channelTotal(o, batch: batch, outChannels: oc, plane: p, dOutput)) }
                    block += 1
                } else if block + 1 < range.upperBound && oc - o0 >= 16 {
                    // Two blocks at once: two independent chains of additions in flight (each
                    // Double add waits ~4 cycles for the one before it in its lane).
                    var (first, second) = (SumOfEightPlanes(), SumOfEightPlanes())
                    for s in 0..<batch {
                        SumOfEightPlanes.add(dOutput + (s * oc + o0) * p, to: &first, dOutput + (s * oc + o0 + 8) * p,
                                             to: &second, plane: p)
                    }
                    for lane in 0..<8 { dBias[o0 + lane] += Float(first.total[lane]) }
                    for lane in 0..<8 { dBias[o0 + 8 + lane] += Float(second.total[lane]) }
                    block += 2
                } else {
                    var sums = SumOfEightPlanes()
                    for s in 0..<batch { sums.add(dOutput + (s * oc + o0) * p, plane: p) }
                    for lane in 0..<8 { dBias[o0 + lane] += Float(sums.total[lane]) }
                    block += 1
                }
            }
        }
    }

    /// One channel's Σ_s Σ_p dOutput[s, o, p] as `addBiasGradient` defines it (its lanes compute the same).
    static func channelTotal(_ o: Int, batch: Int, outChannels oc: Int, plane p: Int,
                             _ dOutput: UnsafePointer<Float>) -> Double {
        var total = 0.0
        for s in 0..<batch {
            let row = dOutput + (s * oc + o) * p
            var sum = 0.0
            for i in 0..<p { sum += Double(row[i]) }
            total += sum
        }
        return total
    }
}

/// Eight channels' totals, each lane one channel's: per sample the plane summed in Double in
/// position order, then added to the total. Planes of a sample: 8 planes of `p` floats, `p` apart.
private struct SumOfEightPlanes {
    var total = SIMD8<Double>()

    /// Positions i ..< i + 8 of the eight planes at `rows`, transposed: column k holds position i + k.
    @inline(__always) static func columns(_ rows: UnsafePointer<Float>, _ i: Int, _ p: Int) -> Transposed8x8 {
        func load(_ plane: Int) -> SIMD8<Float> { UnsafeRawPointer(rows + plane * p + i).loadUnaligned(as: SIMD8<Float>.self) }
        return Transposed8x8(load(0), load(1), load(2), load(3), load(4), load(5), load(6), load(7))
    }

    /// Position i of the eight planes at `rows`.
    @inline(__always) static func column(_ rows: UnsafePointer<Float>, _ i: Int, _ p: Int) -> SIMD8<Double> {
        SIMD8<Double>(Double(rows[i]), Double(rows[p + i]), Double(rows[2 * p + i]), Double(rows[3 * p + i]),
                      Double(rows[4 * p + i]), Double(rows[5 * p + i]), Double(rows[6 * p + i]), Double(rows[7 * p + i]))
    }

    /// One sample's planes.
    mutating func add(_ rows: UnsafePointer<Float>, plane p: Int) {
        var sum = SIMD8<Double>()
        var i = 0
        while i + 8 <= p {
            let t = Self.columns(rows, i, p)
            sum += SIMD8<Double>(t.v0); sum += SIMD8<Double>(t.v1); sum += SIMD8<Double>(t.v2); sum += SIMD8<Double>(t.v3)
            sum += SIMD8<Double>(t.v4); sum += SIMD8<Double>(t.v5); sum += SIMD8<Double>(t.v6); sum += SIMD8<Double>(t.v7)
            i += 8
        }
        while i < p { sum += Self.column(rows, i, p); i += 1 }
        total += sum
    }

    /// One sample's planes for two blocks of channels, their additions interleaved: the same
    /// chains as `add` on each, two in flight.
    static func add(_ rows: UnsafePointer<Float>, to a: inout Self, _ rows2: UnsafePointer<Float>, to b: inout Self,
                    plane p: Int) {
        var (x, y) = (SIMD8<Double>(), SIMD8<Double>())
        var i = 0
        while i + 8 <= p {
            let t = columns(rows, i, p), u = columns(rows2, i, p)
            x += SIMD8<Double>(t.v0); y += SIMD8<Double>(u.v0); x += SIMD8<Double>(t.v1); y += SIMD8<Double>(u.v1)
            x += SIMD8<Double>(t.v2); y += SIMD8<Double>(u.v2); x += SIMD8<Double>(t.v3); y += SIMD8<Double>(u.v3)
            x += SIMD8<Double>(t.v4); y += SIMD8<Double>(u.v4); x += SIMD8<Double>(t.v5); y += SIMD8<Double>(u.v5)
            x += SIMD8<Double>(t.v6); y += SIMD8<Double>(u.v6); x += SIMD8<Double>(t.v7); y += SIMD8<Double>(u.v7)
            i += 8
        }
        while i < p { x += column(rows, i, p); y += column(rows2, i, p); i += 1 }
        a.total += x
        b.total += y
    }
}
