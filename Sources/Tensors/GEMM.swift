import CBLAS

/// Whether a GEMM operand is read as stored or transposed.
public enum Transpose { case none, transposed }

/// C = alpha · op(A) · op(B) + beta · C, row-major, through OpenBLAS's `cblas_sgemm`.
/// Dimensions: op(A) is (M, K), op(B) is (K, N), C is (M, N); lda/ldb/ldc are row strides.
@inline(__always)
public func gemm(_ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int,
                 alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
                 b: UnsafePointer<Float>, ldb: Int,
                 beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int) {
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
