import Foundation
import Tensors
import XCTest

/// The thread team behind `parallelFor` / `parallelRanges`: every item runs exactly once, on
/// any thread count, nested and concurrent loops included, and the team really uses its helpers.
final class ParallelTests: XCTestCase {
    override func tearDown() { Threads.set(2) }

    /// Counts how often each item ran.
    private func counts(items: Int, threads: Int, _ run: (Int, (Int) -> Void) -> Void) -> [Int] {
        Threads.set(threads)
        var hits = [Int](repeating: 0, count: items)
        hits.withUnsafeMutableBufferPointer { hits in
            let base = hits.baseAddress!
            run(items) { base[$0] += 1 }  // disjoint items, so no two threads share an element
        }
        return hits
    }

    func testEveryItemRunsOnceOnAnyThreadCount() {
        for threads in [1, 2, 3, 8] {
            for items in [0, 1, 2, 7, 1000] {
                let hits = counts(items: items, threads: threads) { n, body in parallelFor(n, body) }
                XCTAssertEqual(hits, [Int](repeating: 1, count: items), "threads \(threads), items \(items)")
            }
        }
    }

    func testRangesCoverEveryIndexOnce() {
        for threads in [1, 2, 5] {
            Threads.set(threads)
            var hits = [Int](repeating: 0, count: 100_000)
            hits.withUnsafeMutableBufferPointer { hits in
                let base = hits.baseAddress!
                parallelRanges(100_000) { range in for i in range { base[i] += 1 } }
            }
            XCTAssertEqual(hits, [Int](repeating: 1, count: 100_000), "threads \(threads)")
        }
    }

    /// A loop inside an item runs on that item's thread; each inner item still runs once.
    func testNestedLoopsRunEveryItemOnce() {
        Threads.set(2)
        var hits = [Int](repeating: 0, count: 8 * 16)
        hits.withUnsafeMutableBufferPointer { hits in
            let base = hits.baseAddress!
            parallelFor(8) { outer in
                parallelFor(16) { inner in base[outer * 16 + inner] += 1 }
            }
        }
        XCTAssertEqual(hits, [Int](repeating: 1, count: 8 * 16))
    }

    /// Two threads starting loops at once: one holds the team, the other runs on its own thread.
    func testConcurrentLoopsFromTwoThreads() {
        Threads.set(2)
        var first = [Int](repeating: 0, count: 5_000), second = [Int](repeating: 0, count: 5_000)
        first.withUnsafeMutableBufferPointer { a in
            second.withUnsafeMutableBufferPointer { b in
                let (pa, pb) = (a.baseAddress!, b.baseAddress!)
                let done = DispatchSemaphore(value: 0)
                let address = Int(bitPattern: pb)  // an integer crosses into the thread's closure
                Thread.detachNewThread {
                    let pb = UnsafeMutablePointer<Int>(bitPattern: address)!
                    for _ in 0..<50 { parallelFor(100) { i in for j in 0..<50 { pb[i * 50 + j] += 1 } } }
                    done.signal()
                }
                for _ in 0..<50 { parallelFor(100) { i in for j in 0..<50 { pa[i * 50 + j] += 1 } } }
                done.wait()
            }
        }
        XCTAssertEqual(first, [Int](repeating: 50, count: 5_000))
        XCTAssertEqual(second, [Int](repeating: 50, count: 5_000))
    }

    /// With two threads, two items that each wait for the other can only finish if they run at
    /// the same time: the helper takes part (a serial fallback would never see both flags).
    func testTwoThreadsRunItemsAtTheSameTime() {
        Threads.set(2)
        var flags = [Int32](repeating: 0, count: 2)
        var met = [Bool](repeating: false, count: 2)
        flags.withUnsafeMutableBufferPointer { flags in
            met.withUnsafeMutableBufferPointer { met in
                let (f, m) = (flags.baseAddress!, met.baseAddress!)
                // Retried, since another test's loop may hold the team for a moment.
                for _ in 0..<20 where !(m[0] && m[1]) {
                    f[0] = 0; f[1] = 0
                    parallelFor(2) { i in
                        f[i] = 1
                        let deadline = Date().addingTimeInterval(0.2)
                        while Date() < deadline {
                            if volatileLoad(f + (1 - i)) == 1 { m[i] = true; break }
                        }
                    }
                }
            }
        }
        XCTAssertEqual(met, [true, true])
    }
}

/// A load the optimiser cannot hoist out of a polling loop.
@inline(never)
private func volatileLoad(_ p: UnsafeMutablePointer<Int32>) -> Int32 { p.pointee }
