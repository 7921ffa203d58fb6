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

/// (Σ(x−k), Σ(x−k)²) over x[0..<count]. The shift k (a sample of the channel) keeps
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
