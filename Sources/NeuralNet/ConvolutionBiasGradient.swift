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
            for block in range {
                let o0 = block * 8, width = min(8, oc - o0)
                if width < 8 {
                    for o in o0..<oc { dBias[o] += Float(channelTotal(o, batch: batch, outChannels: oc, plane: p, dOutput)) }
                    continue
                }
                var total = SIMD8<Double>()
                for s in 0..<batch {
                    let rows = dOutput + (s * oc + o0) * p  // 8 channels' planes, p apart
                    var sum = SIMD8<Double>()
                    var i = 0
                    while i + 8 <= p {
                        // Eight positions of the eight planes, transposed: column k holds position i + k.
                        func load(_ plane: Int) -> SIMD8<Float> {
                            UnsafeRawPointer(rows + plane * p + i).loadUnaligned(as: SIMD8<Float>.self)
                        }
                        let t = Transposed8x8(load(0), load(1), load(2), load(3), load(4), load(5), load(6), load(7))
                        sum += SIMD8<Double>(t.v0); sum += SIMD8<Double>(t.v1)
                        sum += SIMD8<Double>(t.v2); sum += SIMD8<Double>(t.v3)
                        sum += SIMD8<Double>(t.v4); sum += SIMD8<Double>(t.v5)
                        sum += SIMD8<Double>(t.v6); sum += SIMD8<Double>(t.v7)
                        i += 8
                    }
                    while i < p {
                        sum += SIMD8<Double>(Double(rows[i]), Double(rows[p + i]), Double(rows[2 * p + i]),
                                             Double(rows[3 * p + i]), Double(rows[4 * p + i]), Double(rows[5 * p + i]),
                                             Double(rows[6 * p + i]), Double(rows[7 * p + i]))
                        i += 1
                    }
                    total += sum
                }
                for lane in 0..<8 { dBias[o0 + lane] += Float(total[lane]) }
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
