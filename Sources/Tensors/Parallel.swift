import ThreadTeam

/// How many cores driftlab's own loops and `gemm` use. Set once at start-up by the CLI
/// (`--threads`). No result depends on it: only work with disjoint outputs is split, and
/// reductions run over pieces fixed by the data (docs/numerics.md).
public enum Threads {
    /// Cores used.
    public static var count: Int { configured }
    private static var configured = 2

    public static func set(_ n: Int) {
        precondition(n >= 1, "thread count must be ≥ 1")
        configured = n
    }

    /// True while a caller already splits work over the cores itself: `gemm` then stays on
    /// the calling thread instead of splitting again.
    public private(set) static var insideParallelRegion = false

    /// Runs `body`, whose parallel loops each issue their own GEMMs, with `gemm` unsplit.
    public static func withUnsplitGEMM<R>(_ body: () throws -> R) rethrows -> R {
        let outer = insideParallelRegion
        insideParallelRegion = true
        defer { insideParallelRegion = outer }
        return try body()
    }
}

/// Runs `body(chunk)` for chunk in 0..<chunks on up to `Threads.count` cores.
/// Each call must touch memory disjoint from the others'.
@inline(__always)
public func parallelFor(_ chunks: Int, _ body: (Int) -> Void) {
    if chunks <= 1 || Threads.count == 1 {
        for i in 0..<chunks { body(i) }
    } else {
        onTeam(chunks, body)
    }
}

/// body(i) for i in 0..<items on the thread team (ThreadTeam.h): the calling thread and
/// Threads.count − 1 helpers that spin between loops instead of going to sleep.
func onTeam(_ items: Int, _ body: (Int) -> Void) {
    withoutActuallyEscaping(body) { body in
        var call = body
        withUnsafeMutablePointer(to: &call) { context in
            dl_team_run(Threads.count, items, { context, item in
                context!.assumingMemoryBound(to: ((Int) -> Void).self).pointee(item)
            }, context)
        }
    }
}

/// Splits 0..<n into `Threads.count` contiguous ranges run in parallel, when n·costPerItem is
/// large enough to pay for waking a thread (about 2^15 simple operations).
@inline(__always)
public func parallelRanges(_ n: Int, costPerItem: Int = 1, _ body: (Range<Int>) -> Void) {
    let parts = n * costPerItem < 32_768 ? 1 : min(Threads.count, n)
    if parts <= 1 { body(0..<n); return }
    onTeam(parts) { p in
        body((n * p / parts)..<(n * (p + 1) / parts))
    }
}
