import Tensors

/// Sums over one contiguous run of floats (a channel's S spatial positions in one item), for
/// BatchNorm's per-channel statistics. Eight Float lanes keep the loop vectorised; the lanes are
/// flushed into Double every `flushInterval` elements, so Float rounding only ever spans 32
/// terms per lane while the total over N·H·W is carried in Double.
private let flushInterval = 256

/// The lanes added in lane order in Double: `SIMD8.sum()` leaves its order to the compiler.
@inline(__always)
private func laneTotal(_ v: SIMD8<Float>) -> Double {
    var t = 0.0
    for lane in 0..<8 { t += Double(v[lane]) }
    return t
}

@inline(__always)
private func load8(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
}

/// (Σ(x−k), Σ(x−k)²) over x[0..<count]. The shift k (a sample of the run) keeps
/// Σ(x−k)² − (Σ(x−k))²/m free of cancellation when the mean is large against the spread.
@inline(__always)
func shiftedSums(_ x: UnsafePointer<Float>, count: Int, shift k: Float) -> (sum: Double, squares: Double) {
    var sum = 0.0, squares = 0.0
    let shift = SIMD8<Float>(repeating: k)
    var start = 0
    while start + 8 <= count {
        let end = start + min(flushInterval, (count - start) & ~7)
        var s = SIMD8<Float>(), q = SIMD8<Float>()
        var i = start
        while i < end {
            let d = load8(x + i) - shift
            s += d
            q += d * d
            i += 8
        }
        sum += laneTotal(s)
        squares += laneTotal(q)
        start = end
    }
    for i in start..<count {
        let d = Double(x[i] - k)
        sum += d
        squares += d * d
    }
    return (sum, squares)
}

/// (Σ dy, Σ dy·(x−k)) over a run: BatchNorm backward's two per-channel reductions.
@inline(__always)
func gradientSums(_ dy: UnsafePointer<Float>, _ x: UnsafePointer<Float>, count: Int,
                  shift k: Float) -> (sum: Double, dot: Double) {
    var sum = 0.0, dotSum = 0.0
    let shift = SIMD8<Float>(repeating: k)
    var start = 0
    while start + 8 <= count {
        let end = start + min(flushInterval, (count - start) & ~7)
        var s = SIMD8<Float>(), p = SIMD8<Float>()
        var i = start
        while i < end {
            let g = load8(dy + i)
            s += g
            p += g * (load8(x + i) - shift)
            i += 8
        }
        sum += laneTotal(s)
        dotSum += laneTotal(p)
        start = end
    }
    for i in start..<count {
        let g = Double(dy[i])
        sum += g
        dotSum += g * Double(x[i] - k)
    }
    return (sum, dotSum)
}

/// Per-channel totals of a two-valued reduction over the N·C runs of an (N, C, S) tensor.
/// Runs are visited in memory order across threads (strided per-channel walks are ~2× slower),
/// each run's pair is kept, and the pairs are added per channel in item order, so the totals do
/// not depend on the thread count.
/// `totals`: (C, 2), overwritten. `reduce(run, channel)` gives the pair for one run.
@inline(__always)
func channelTotals(n: Int, c: Int, s: Int, into totals: UnsafeMutablePointer<Double>,
                   _ reduce: (_ run: Int, _ channel: Int) -> (Double, Double)) {
    let runs = UnsafeMutablePointer<Double>.allocate(capacity: 2 * n * c)  // (N·C, 2)
    defer { runs.deallocate() }
    parallelRanges(n * c, costPerItem: 2 * s) { range in
        for r in range {
            let pair = reduce(r, r % c)
            runs[2 * r] = pair.0
            runs[2 * r + 1] = pair.1
        }
    }
    totals.update(repeating: 0, count: 2 * c)
    for i in 0..<n {
        for ch in 0..<c {
            totals[2 * ch] += runs[2 * (i * c + ch)]
            totals[2 * ch + 1] += runs[2 * (i * c + ch) + 1]
        }
    }
}

/// `shiftedSums` of every plane (item i, channel c) of a layer's output, each shifted by its own
/// first value: what BatchNorm's training statistics need, computed by the layer before it as it
/// writes each plane (`Conv2d.forward(_:_:planeSums:)`), so that BatchNorm reads its input once
/// instead of twice — BatchNorm's own pass computes the same triples (`fill`), so the same bits.
/// A plane's shift is a sample of that plane, so its Float lanes never see the mean's
/// cancellation; `channelMoments` moves the sums to one shift per channel in Double.
final class PlaneSums {
    /// (N·C, 3): Σ(y − k_p), Σ(y − k_p)², k_p for plane p = i·C + c, k_p its first value.
    let triples: UnsafeMutablePointer<Double>
    let planes: Int
    /// Set by the layer that filled every plane; a layer that could not leaves it false.
    var filled = false

    init(planes: Int) {
        self.planes = planes
        triples = .allocate(capacity: 3 * planes)
    }
    deinit { triples.deallocate() }

    /// Plane `index` from its `count` (≥ 1) floats.
    @inline(__always)
    func add(plane index: Int, _ values: UnsafePointer<Float>, count: Int) {
        let k = values[0]
        let r = shiftedSums(values, count: count, shift: k)
        triples[3 * index] = r.sum
        triples[3 * index + 1] = r.squares
        triples[3 * index + 2] = Double(k)
    }

    /// Every plane of an (N, C, S) tensor, runs in memory order across threads.
    func fill(_ x: UnsafePointer<Float>, s: Int) {
        parallelRanges(planes, costPerItem: 2 * s) { range in
            for p in range { add(plane: p, x + p * s, count: s) }
        }
        filled = true
    }

    /// Per channel c of n items of `perPlane` values: (Σ(y − k), Σ(y − k)², k) with k the shift
    /// of plane c (item 0's), in item order: Σ(y − k) = Σ(y − k_p) + S·d and Σ(y − k)² =
    /// Σ(y − k_p)² + 2·d·Σ(y − k_p) + S·d², d = k_p − k (exact in Double for Float k's).
    func channelMoments(items n: Int, channels c: Int, perPlane s: Int) -> [(sum: Double, squares: Double, shift: Double)] {
        precondition(filled && planes == n * c, "PlaneSums: \(planes) planes for (\(n), \(c))")
        return (0..<c).map { ch in
            let k = triples[3 * ch + 2]
            var sum = 0.0, squares = 0.0
            for i in 0..<n {
                let t = triples + 3 * (i * c + ch)
                let d = t[2] - k
                squares += t[1] + 2 * d * t[0] + Double(s) * d * d
                sum += t[0] + Double(s) * d
            }
            return (sum, squares, k)
        }
    }
}
