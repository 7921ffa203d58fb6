import CBLAS
import Dispatch

/// How many cores driftlab's own loops and OpenBLAS use. Set once at start-up by the CLI
/// (`--threads`); results do not depend on it except through floating-point summation order.
public enum Threads {
    public private(set) static var count: Int = 2

    public static func set(_ n: Int) {
        precondition(n >= 1, "thread count must be ≥ 1")
        count = n
        openblas_set_num_threads(Int32(n))
    }
    /// Runs `body` with OpenBLAS single-threaded, for GEMMs issued from inside a parallel loop.
    public static func withSingleThreadedBLAS<R>(_ body: () throws -> R) rethrows -> R {
        openblas_set_num_threads(1)
        defer { openblas_set_num_threads(Int32(count)) }
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
        DispatchQueue.concurrentPerform(iterations: chunks, execute: body)
    }
}

/// Splits 0..<n into `Threads.count` contiguous ranges run in parallel, when n·costPerItem is
/// large enough to pay for waking a thread (about 2^15 simple operations).
@inline(__always)
public func parallelRanges(_ n: Int, costPerItem: Int = 1, _ body: (Range<Int>) -> Void) {
    let parts = n * costPerItem < 32_768 ? 1 : min(Threads.count, n)
    if parts <= 1 { body(0..<n); return }
    DispatchQueue.concurrentPerform(iterations: parts) { p in
        body((n * p / parts)..<(n * (p + 1) / parts))
    }
}
