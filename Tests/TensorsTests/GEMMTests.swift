import XCTest
import Tensors

final class GEMMTests: XCTestCase {
    /// Fills n floats from a fixed seed with values in [−1, 1).
    func random(_ n: Int, seed: UInt64) -> [Float] {
        let g = Generator(seed: seed)
        return (0..<n).map { _ in g.uniform(-1, 1) }
    }

    /// All four transpose combinations, non-square, alpha and beta ≠ 1, and row strides wider
    /// than the rows so the padding columns must be skipped on read and left alone on write.
    func testMatchesReferenceForEveryTransposeWithStrides() {
        let (m, n, k) = (5, 7, 3)
        let (alpha, beta): (Float, Float) = (0.75, -1.5)
        for transA in [Transpose.none, .transposed] {
            for transB in [Transpose.none, .transposed] {
                // Stored shapes: A is (M, K) or (K, M); B is (K, N) or (N, K); C is (M, N); +2/+3/+4 padding.
                let (aRows, aCols) = transA == .none ? (m, k) : (k, m)
                let (bRows, bCols) = transB == .none ? (k, n) : (n, k)
                let (lda, ldb, ldc) = (aCols + 2, bCols + 3, n + 4)
                let a = random(aRows * lda, seed: 1), b = random(bRows * ldb, seed: 2)
                var fast = random(m * ldc, seed: 3)
                var slow = fast
                gemm(transA, transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb,
                     beta: beta, c: &fast, ldc: ldc)
                gemmReference(transA, transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb,
                              beta: beta, c: &slow, ldc: ldc)
                let original = random(m * ldc, seed: 3)
                for i in 0..<m {
                    for j in 0..<ldc {
                        let at = i * ldc + j
                        if j < n {
                            XCTAssertEqual(fast[at], slow[at], accuracy: 1e-5, "\(transA) \(transB) [\(i), \(j)]")
                        } else {
                            XCTAssertEqual(fast[at], original[at], "\(transA) \(transB) padding [\(i), \(j)] written")
                        }
                    }
                }
            }
        }
    }

    /// C = A·B by hand: (2×3)·(3×2).
    func testHandComputedProduct() {
        let a: [Float] = [1, 2, 3, 4, 5, 6], b: [Float] = [7, 8, 9, 10, 11, 12]
        var c = [Float](repeating: 0, count: 4)
        gemm(.none, .none, m: 2, n: 2, k: 3, a: a, lda: 3, b: b, ldb: 2, c: &c, ldc: 2)
        XCTAssertEqual(c, [58, 64, 139, 154])
    }

    /// A large enough product that OpenBLAS uses its blocked, threaded path.
    func testLargeProductMatchesReference() {
        let (m, n, k) = (67, 129, 95)
        let a = random(m * k, seed: 4), b = random(k * n, seed: 5)
        var fast = [Float](repeating: 0, count: m * n), slow = fast
        gemm(.none, .transposed, m: m, n: n, k: k, a: a, lda: k, b: b, ldb: k, c: &fast, ldc: n)
        gemmReference(.none, .transposed, m: m, n: n, k: k, a: a, lda: k, b: b, ldb: k, c: &slow, ldc: n)
        for i in 0..<(m * n) { XCTAssertEqual(fast[i], slow[i], accuracy: 1e-4) }
    }
}
