import Foundation
import XCTest
@testable import Tensors

/// `gemm`'s contract: every element of C is the chain c = +0 (or C, beta = 1), then
/// c = fma(op(A)[i,p], op(B)[p,j], c) for p ascending — on every kernel, tiling and thread count.
final class GEMMTests: XCTestCase {
    /// One product with its stored operands: A stored (M, K) or, transposed, (K, M); B (K, N) or
    /// (N, K); C (M, N); every row stride padded past the row so padding must be skipped on
    /// read and left alone on write. Values uniform in [−1, 1) from a fixed seed.
    struct Product: CustomStringConvertible {
        let transA: Transpose, transB: Transpose
        let m: Int, n: Int, k: Int
        let beta: Float
        let lda: Int, ldb: Int, ldc: Int
        let a: [Float], b: [Float], c: [Float]

        init(_ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int, beta: Float,
             padding: Int = 3, seed: UInt64 = 1) {
            (self.transA, self.transB, self.m, self.n, self.k, self.beta) = (transA, transB, m, n, k, beta)
            let (aRows, aCols) = transA == .none ? (m, k) : (k, m)
            let (bRows, bCols) = transB == .none ? (k, n) : (n, k)
            (lda, ldb, ldc) = (aCols + padding, bCols + padding + 1, n + padding + 2)
            let g = Generator(seed: seed)
            func fill(_ count: Int) -> [Float] { (0..<count).map { _ in g.uniform(-1, 1) } }
            (a, b, c) = (fill(aRows * lda), fill(bRows * ldb), fill(m * ldc))
        }

        var description: String {
            "\(m)×\(n)×\(k) \(transA == .none ? "N" : "T")\(transB == .none ? "N" : "T") beta \(Int(beta))"
        }

        /// op(A)[i, p] and op(B)[p, j] as stored.
        func opA(_ i: Int, _ p: Int) -> Float { transA == .none ? a[i * lda + p] : a[p * lda + i] }
        func opB(_ p: Int, _ j: Int) -> Float { transB == .none ? b[p * ldb + j] : b[j * ldb + p] }

        /// C after `gemm` (whole buffer, padding included).
        func gemmResult() -> [Float] {
            var out = c
            gemm(transA, transB, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: &out, ldc: ldc)
            return out
        }

        /// The contract written in Swift: one `addingProduct` (a fused multiply-add) per step.
        func definition() -> [Float] {
            var out = c
            for i in 0..<m {
                for j in 0..<n {
                    var sum: Float = beta == 0 ? 0 : out[i * ldc + j]
                    for p in 0..<k { sum = sum.addingProduct(opA(i, p), opB(p, j)) }
                    out[i * ldc + j] = sum
                }
            }
            return out
        }
    }

    static let sizes = [1, 2, 5, 6, 7, 13, 15, 16, 17, 31, 32, 33, 64, 100]

    /// m, n, k drawn from `sizes` sparsely (each size occurs in every position), then shapes
    /// past the blocking (MC 192, KC 512, NC 768): K > KC (so K blocks chain through C), M > MC,
    /// N > NC with B packed, a row stride of 1024 floats (A too aliased in L1 to be read in
    /// place), and the training shapes' extremes (K = 9, N = 10); then the mlp-train step's
    /// products (batch 64, layers 10 → 100 → 100 → 1: forward, dInput, dWeight) and narrow C
    /// (N ≤ 4, which the direct path computes down the columns, 64 rows and 64 K steps at a time;
    /// N ≤ 8, one ymm per row).
    static let shapes: [(m: Int, n: Int, k: Int)] = {
        let s = sizes
        var shapes = s.indices.map { t in (m: s[t], n: s[(t * 5 + 3) % s.count], k: s[(t * 3 + 7) % s.count]) }
        shapes += s.indices.map { t in (m: s[(t * 3 + 1) % s.count], n: s[t], k: s[(t * 5 + 2) % s.count]) }
        shapes += [(257, 300, 700), (33, 4500, 20), (200, 800, 20), (20, 40, 1021), (130, 10, 600), (40, 129, 9)]
        shapes += [(64, 100, 10), (64, 100, 100), (64, 1, 100), (64, 100, 1), (64, 10, 100),
                   (1, 100, 64), (100, 100, 64), (100, 10, 64)]
        shapes += [(70, 2, 130), (129, 3, 65), (17, 4, 600), (200, 1, 7), (64, 5, 600), (40, 8, 70)]
        return shapes
    }()

    /// Every shape in all four transpose combinations, beta 0 and 1.
    static let products: [Product] = shapes.enumerated().flatMap { t, shape in
        [Transpose.none, .transposed].flatMap { transA in
            [Transpose.none, .transposed].flatMap { transB in
                [Float(0), 1].map { beta in
                    Product(transA, transB, m: shape.m, n: shape.n, k: shape.k, beta: beta, seed: UInt64(t + 1))
                }
            }
        }
    }

    // MARK: - The definition

    /// C = A·B by hand: (2×3)·(3×2).
    func testHandComputedProduct() {
        let a: [Float] = [1, 2, 3, 4, 5, 6], b: [Float] = [7, 8, 9, 10, 11, 12]
        var c = [Float](repeating: 0, count: 4)
        gemm(.none, .none, m: 2, n: 2, k: 3, a: a, lda: 3, b: b, ldb: 2, c: &c, ldc: 2)
        XCTAssertEqual(c, [58, 64, 139, 154])
    }

    /// The portable kernel is the contract: equal to the Swift `addingProduct` chain everywhere.
    func testPortableEqualsSwiftDefinition() {
        with(.portable) {
            for product in Self.products {
                assertSameBits(product.gemmResult(), product.definition(), "portable vs definition, \(product)")
            }
        }
    }

    /// The vector kernels are only faster: bit for bit the portable result, C padding included.
    func testEveryKernelEqualsPortableBitForBit() {
        let expected = with(.portable) { Self.products.map { $0.gemmResult() } }
        for kernel in GEMMKernel.available where kernel != .portable {
            with(kernel) {
                for (product, expected) in zip(Self.products, expected) {
                    assertSameBits(product.gemmResult(), expected, "\(kernel.rawValue) vs portable, \(product)")
                }
            }
        }
    }

    /// Every tile shape of every kernel (normally one is picked per product), run directly on
    /// one thread: the shapes differ in which elements share a register tile, which operands
    /// are read in place or packed, and where the edge tiles fall — never in the bits. The last
    /// AVX-512 plan is the direct small-product path (no packing, masked edges), run here on
    /// every shape, large ones included.
    func testEveryTileShapeEqualsPortableBitForBit() {
        let expected = with(.portable) { Self.products.map { $0.gemmResult() } }
        for kernel in GEMMKernel.available where kernel != .portable {
            for plan in 0..<kernel.planCount {
                for (product, expected) in zip(Self.products, expected) {
                    var c = product.c
                    gemmBlock(kernel, plan, product.transA, product.transB, m: product.m, n: product.n, k: product.k,
                              a: product.a, lda: product.lda, b: product.b, ldb: product.ldb,
                              accumulate: product.beta == 1, c: &c, ldc: product.ldc)
                    assertSameBits(c, expected, "\(kernel.rawValue) plan \(plan) vs portable, \(product)")
                }
            }
        }
    }

    /// The chain starts at +0, so an exact −0 product gives +0 (fma(−1, 0, +0) = +0), and
    /// beta = 0 never reads C: NaN there does not leak into the result.
    func testChainStartsAtPositiveZeroWithoutReadingC() {
        for kernel in GEMMKernel.available {
            with(kernel) {
                let (m, n, k) = (7, 37, 3)
                let a = [Float](repeating: -1, count: m * k), b = [Float](repeating: 0, count: k * n)
                var c = [Float](repeating: .nan, count: m * n)
                gemm(.none, .none, m: m, n: n, k: k, a: a, lda: k, b: b, ldb: n, c: &c, ldc: n)
                XCTAssert(c.allSatisfy { $0.bitPattern == 0 }, "\(kernel.rawValue): want +0 everywhere")
            }
        }
    }

    /// K = 0: empty chains give +0 with beta = 0 and leave C alone with beta = 1.
    func testEmptyK() {
        for kernel in GEMMKernel.available {
            with(kernel) {
                let a: [Float] = [1], b: [Float] = [1]
                var c: [Float] = [5, -0.0, 7, 8]
                gemm(.none, .none, m: 2, n: 2, k: 0, a: a, lda: 1, b: b, ldb: 2, beta: 1, c: &c, ldc: 2)
                assertSameBits(c, [5, -0.0, 7, 8], "\(kernel.rawValue) beta 1")
                gemm(.none, .none, m: 2, n: 2, k: 0, a: a, lda: 1, b: b, ldb: 2, c: &c, ldc: 2)
                assertSameBits(c, [0, 0, 0, 0], "\(kernel.rawValue) beta 0")
            }
        }
    }

    // MARK: - Accuracy

    /// Against the Double reference, within the float error of a K-step chain: each step
    /// rounds once, so |c − exact| ≤ γ_K·S with S = Σ_p |a_ip·b_pj| (+ |C_old| for beta = 1) and
    /// γ_K = K·u/(1 − K·u), u = 2⁻²⁴. gemmReference's own rounding to Float adds u·|exact| ≤ u·S,
    /// and γ_K + u ≤ γ_{K+1}; its Double sum's error (≈ K·2⁻⁵³·S) is far inside that slack.
    func testWithinFloatErrorOfReference() {
        let u = 1.0 / 16_777_216.0
        func gamma(_ n: Int) -> Double { Double(n) * u / (1 - Double(n) * u) }
        for product in Self.products {
            let fast = product.gemmResult()
            var slow = product.c
            gemmReference(product.transA, product.transB, m: product.m, n: product.n, k: product.k,
                          a: product.a, lda: product.lda, b: product.b, ldb: product.ldb,
                          beta: product.beta, c: &slow, ldc: product.ldc)
            for i in 0..<product.m {
                for j in 0..<product.n {
                    let at = i * product.ldc + j
                    var s = product.beta == 0 ? 0 : abs(Double(product.c[at]))
                    for p in 0..<product.k { s += abs(Double(product.opA(i, p)) * Double(product.opB(p, j))) }
                    let error = abs(Double(fast[at]) - Double(slow[at]))
                    XCTAssertLessThanOrEqual(error, gamma(product.k + 1) * s, "\(product) [\(i), \(j)]")
                }
            }
            // C's padding columns are never written.
            for i in 0..<product.m {
                for j in product.n..<product.ldc {
                    XCTAssertEqual(fast[i * product.ldc + j].bitPattern, product.c[i * product.ldc + j].bitPattern,
                                   "\(product) padding [\(i), \(j)] written")
                }
            }
        }
    }

    // MARK: - Independence of tiling, position and threads

    /// Row i of a call equals the same row computed alone (m = 1), and a block of columns
    /// equals those columns computed alone: which rows and columns share a call, and where a
    /// tile edge falls, changes nothing.
    func testRowsAndColumnBlocksEqualTheirOwnCalls() {
        for kernel in GEMMKernel.available {
            with(kernel) {
                for transA in [Transpose.none, .transposed] {
                    for transB in [Transpose.none, .transposed] {
                        let product = Product(transA, transB, m: 29, n: 83, k: 300, beta: 1, seed: 7)
                        let whole = product.gemmResult()
                        let name = "\(kernel.rawValue) \(product)"
                        for i in 0..<product.m {
                            var row = Array(product.c[(i * product.ldc)..<((i + 1) * product.ldc)])
                            let a = transA == .none ? i * product.lda : i
                            product.a.withUnsafeBufferPointer { a0 in
                                gemm(transA, transB, m: 1, n: product.n, k: product.k, a: a0.baseAddress! + a,
                                     lda: product.lda, b: product.b, ldb: product.ldb, beta: 1, c: &row, ldc: product.ldc)
                            }
                            assertSameBits(row, Array(whole[(i * product.ldc)..<((i + 1) * product.ldc)]), "\(name) row \(i)")
                        }
                        for (j0, j1) in [(0, 1), (1, 18), (18, 50), (50, 83)] {
                            var block = product.c
                            let b = transB == .none ? j0 : j0 * product.ldb
                            product.b.withUnsafeBufferPointer { b0 in
                                block.withUnsafeMutableBufferPointer { c0 in
                                    gemm(transA, transB, m: product.m, n: j1 - j0, k: product.k, a: product.a,
                                         lda: product.lda, b: b0.baseAddress! + b, ldb: product.ldb,
                                         beta: 1, c: c0.baseAddress! + j0, ldc: product.ldc)
                                }
                            }
                            for i in 0..<product.m {
                                let cols = (i * product.ldc + j0)..<(i * product.ldc + j1)
                                assertSameBits(Array(block[cols]), Array(whole[cols]), "\(name) columns \(j0)..<\(j1)")
                            }
                        }
                    }
                }
            }
        }
    }

    /// beta = 1 continues each chain: K split into chunks, accumulated in order, gives the
    /// bits of one call — here at several split points, including inside and at a K block.
    func testSplittingKIntoAccumulatingCallsEqualsOneCall() {
        for kernel in GEMMKernel.available {
            with(kernel) {
                for transA in [Transpose.none, .transposed] {
                    for transB in [Transpose.none, .transposed] {
                        for beta in [Float(0), 1] {
                            let product = Product(transA, transB, m: 45, n: 70, k: 600, beta: beta, seed: 11)
                            let whole = product.gemmResult()
                            for split in [1, 5, 256, 300, 599] {
                                var c = product.c
                                product.a.withUnsafeBufferPointer { a0 in
                                    product.b.withUnsafeBufferPointer { b0 in
                                        let (a, b) = (a0.baseAddress!, b0.baseAddress!)
                                        gemm(transA, transB, m: product.m, n: product.n, k: split, a: a, lda: product.lda,
                                             b: b, ldb: product.ldb, beta: beta, c: &c, ldc: product.ldc)
                                        let aRest = transA == .none ? a + split : a + split * product.lda
                                        let bRest = transB == .none ? b + split * product.ldb : b + split
                                        gemm(transA, transB, m: product.m, n: product.n, k: product.k - split, a: aRest,
                                             lda: product.lda, b: bRest, ldb: product.ldb, beta: 1, c: &c, ldc: product.ldc)
                                    }
                                }
                                assertSameBits(c, whole, "\(kernel.rawValue) \(product) split at \(split)")
                            }
                        }
                    }
                }
            }
        }
    }

    /// Products large enough to be split over threads (by rows when M ≥ N, else by columns)
    /// give identical bytes on 1, 2, 3 and 8 threads.
    func testThreadCountsGiveIdenticalBytes() {
        for kernel in GEMMKernel.available {
            with(kernel) {
                for (m, n, k) in [(150, 170, 200), (40, 600, 100), (577, 64, 90)] {
                    let product = Product(.none, .transposed, m: m, n: n, k: k, beta: 1, seed: 13)
                    let one = with(threads: 1) { product.gemmResult() }
                    for threads in [2, 3, 8] {
                        assertSameBits(with(threads: threads) { product.gemmResult() }, one,
                                       "\(kernel.rawValue) \(product) on \(threads) threads")
                    }
                }
            }
        }
    }

    // MARK: - Kernel selection

    /// portable runs everywhere; `best` is the widest this CPU has; unless DRIFTLAB_GEMM_KERNEL
    /// says otherwise, `active` starts as `best`.
    func testKernelSelection() {
        XCTAssertEqual(GEMMKernel.available.first, .portable)
        XCTAssertEqual(GEMMKernel.best, GEMMKernel.available.last)
        XCTAssert(GEMMKernel.available.allSatisfy(\.isSupported))
        if ProcessInfo.processInfo.environment["DRIFTLAB_GEMM_KERNEL"] == nil {
            XCTAssertEqual(GEMMKernel.active, GEMMKernel.best)
        }
    }
}
