import CBLAS

/// Whether a GEMM operand is read as stored or transposed.
public enum Transpose { case none, transposed }

/// C = alpha · op(A) · op(B) + beta · C, row-major, through OpenBLAS's `cblas_sgemm`.
/// Dimensions: op(A) is (M, K), op(B) is (K, N), C is (M, N); lda/ldb/ldc are row strides.
///
/// OpenBLAS runs single-threaded (see `Threads`): a large product is split here into one
/// block of C per core — rows when M is the larger side, columns otherwise — so GEMM and
/// driftlab's own parallel loops share one set of threads instead of spinning against
/// OpenBLAS's idle workers.
public func gemm(_ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int,
                 alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
                 b: UnsafePointer<Float>, ldb: Int,
                 beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int) {
    if m == 0 || n == 0 { return }
    let parts = Threads.count
    // Below ~2^21 multiply-adds a thread hand-off costs more than it saves.
    guard parts > 1, !Threads.insideParallelRegion, m * n * k >= 1 << 21, max(m, n) >= 16 * parts else {
        gemmSingleThreaded(transA, transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda,
                           b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
        return
    }
    if m >= n {
        parallelFor(parts) { p in
            // Rows r0..<r1 of C and of op(A).
            let r0 = m * p / parts, r1 = m * (p + 1) / parts
            let aBlock = transA == .none ? a + r0 * lda : a + r0
            gemmSingleThreaded(transA, transB, m: r1 - r0, n: n, k: k, alpha: alpha, a: aBlock, lda: lda,
                               b: b, ldb: ldb, beta: beta, c: c + r0 * ldc, ldc: ldc)
        }
    } else {
        parallelFor(parts) { p in
            // Columns c0..<c1 of C and of op(B); block edges on multiples of 16 for the kernels.
            let c0 = (n * p / parts) & ~15, c1 = p == parts - 1 ? n : (n * (p + 1) / parts) & ~15
            let bBlock = transB == .none ? b + c0 : b + c0 * ldb
            gemmSingleThreaded(transA, transB, m: m, n: c1 - c0, k: k, alpha: alpha, a: a, lda: lda,
                               b: bBlock, ldb: ldb, beta: beta, c: c + c0, ldc: ldc)
        }
    }
}

@inline(__always)
func gemmSingleThreaded(_ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int,
                        alpha: Float, a: UnsafePointer<Float>, lda: Int,
                        b: UnsafePointer<Float>, ldb: Int,
                        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
    if m == 0 || n == 0 { return }
    cblas_sgemm(CblasRowMajor,
                transA == .none ? CblasNoTrans : CblasTrans,
                transB == .none ? CblasNoTrans : CblasTrans,
                Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
}

/// The naive triple loop of `gemm`, accumulated in Double: the reference tests compare against.
public func gemmReference(_ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int,
                          alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
                          b: UnsafePointer<Float>, ldb: Int,
                          beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int) {
    for i in 0..<m {
        for j in 0..<n {
            var sum = 0.0
            for p in 0..<k {
                let av = transA == .none ? a[i * lda + p] : a[p * lda + i]
                let bv = transB == .none ? b[p * ldb + j] : b[j * ldb + p]
                sum += Double(av) * Double(bv)
            }
            let old = beta == 0 ? 0 : Double(beta) * Double(c[i * ldc + j])
            c[i * ldc + j] = Float(Double(alpha) * sum + old)
        }
    }
}

/// y = alpha · x + y over n elements (BLAS saxpy).
@inline(__always)
public func axpy(_ n: Int, alpha: Float, x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>) {
    cblas_saxpy(Int32(n), alpha, x, 1, y, 1)
}

/// Σ x_i·y_i over n elements (BLAS sdot).
@inline(__always)
public func dot(_ n: Int, _ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>) -> Float {
    cblas_sdot(Int32(n), x, 1, y, 1)
}
