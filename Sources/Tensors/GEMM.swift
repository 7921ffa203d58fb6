import GEMMKernels

/// Whether a GEMM operand is read as stored or transposed.
public enum Transpose { case none, transposed }

/// C = op(A) · op(B) (beta = 0) or C += op(A) · op(B) (beta = 1), row-major, with a result
/// fixed bit for bit by this contract.
///
/// Dimensions: op(A) is (M, K), op(B) is (K, N), C is (M, N); lda/ldb/ldc are row strides of
/// the matrices as stored (A stored (M, K), or (K, M) when transposed; B likewise).
///
/// The contract, for every element (i, j):
///
///     c = beta == 0 ? +0 : C[i, j]
///     for p in 0..<K (ascending):  c = fmaf(op(A)[i, p], op(B)[p, j], c)
///     C[i, j] = c
///
/// That is one IEEE fused multiply-add per step, in order, nothing else — so the bits do not
/// depend on the CPU, on the kernel (`GEMMKernel.active`: portable, AVX2 or AVX-512 all give
/// the same), on `Threads.count`, on how C is tiled or split over threads, or on which other
/// rows and columns share the call. beta = 1 continues the chain: accumulating a long K in
/// several calls, K chunks in order, gives exactly the bits of one call.
///
/// Preconditions: alpha == 1 and beta ∈ {0, 1} (the only values driftlab uses; other values
/// would need a rounding step the contract does not define).
///
/// A large product is split into one block of C per core — rows when M is the larger side,
/// columns otherwise — unless the caller is already inside a parallel region
/// (`Threads.withUnsplitGEMM`); K is never split, so each element's chain stays whole.
public func gemm(_ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int,
                 alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
                 b: UnsafePointer<Float>, ldb: Int,
                 beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int) {
    precondition(alpha == 1, "gemm: alpha must be 1 (got \(alpha)); scale an operand instead")
    precondition(beta == 0 || beta == 1, "gemm: beta must be 0 (overwrite) or 1 (accumulate), got \(beta)")
    precondition(m >= 0 && n >= 0 && k >= 0, "gemm: negative dimension m \(m), n \(n), k \(k)")
    precondition(ldc >= n && lda >= (transA == .none ? k : m) && ldb >= (transB == .none ? n : k),
                 "gemm: row stride shorter than a row (lda \(lda), ldb \(ldb), ldc \(ldc); m \(m), n \(n), k \(k))")
    if m == 0 || n == 0 { return }
    let kernel = GEMMKernel.active
    let accumulate = beta == 1
    splitOverCores(kernel, m: m, n: n, k: k) { plan, rows, columns in
        // Rows of C and of op(A), columns of C and of op(B).
        let (r0, c0) = (rows.lowerBound, columns.lowerBound)
        let aBlock = transA == .none ? a + r0 * lda : a + r0
        let bBlock = transB == .none ? b + c0 : b + c0 * ldb
        gemmBlock(kernel, plan, transA, transB, m: rows.count, n: columns.count, k: k, a: aBlock, lda: lda,
                  b: bBlock, ldb: ldb, accumulate: accumulate, c: c + r0 * ldc + c0, ldc: ldc)
    }
}

/// How a product of (m, n, k) is shared over the cores: `block(plan, rows, columns)` once per
/// disjoint block of C — one block per core, rows when M is the larger side, columns
/// otherwise, cut on whole register tiles so no block edge adds a partial tile (speed only) —
/// or once for all of C on the calling thread when the product is small, there is one thread,
/// or the caller is inside a parallel region. K is never split.
func splitOverCores(_ kernel: GEMMKernel, m: Int, n: Int, k: Int,
                    _ block: (_ plan: Int32, _ rows: Range<Int>, _ columns: Range<Int>) -> Void) {
    var rowStep = 0, columnStep = 0
    let plan = dl_gemm_plan(kernel.code, m, n, k, &rowStep, &columnStep)
    let parts = Threads.count
    // Below ~2^21 multiply-adds a thread hand-off costs more than it saves.
    guard parts > 1, !Threads.insideParallelRegion, m * n * k >= 1 << 21 else {
        block(plan, 0..<m, 0..<n)
        return
    }
    if m >= n {
        let tiles = (m + rowStep - 1) / rowStep, blocks = min(parts, tiles)
        parallelFor(blocks) { p in
            block(plan, min(m, tiles * p / blocks * rowStep)..<min(m, tiles * (p + 1) / blocks * rowStep), 0..<n)
        }
    } else {
        let tiles = (n + columnStep - 1) / columnStep, blocks = min(parts, tiles)
        parallelFor(blocks) { p in
            block(plan, 0..<m, min(n, tiles * p / blocks * columnStep)..<min(n, tiles * (p + 1) / blocks * columnStep))
        }
    }
}

/// One block of C on the calling thread.
@inline(__always)
func gemmBlock(_ kernel: GEMMKernel, _ plan: Int32, _ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int,
               a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
               accumulate: Bool, c: UnsafeMutablePointer<Float>, ldc: Int) {
    if m == 0 || n == 0 { return }
    dl_gemm(kernel.code, plan, transA == .none ? 0 : 1, transB == .none ? 0 : 1, m, n, k,
            a, lda, b, ldb, accumulate ? 1 : 0, c, ldc)
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

/// y = y + alpha · x over n elements, element by element: `y[i] = y[i] + alpha * x[i]`, a
/// rounded product then a rounded sum (no fused multiply-add), so the bits are fixed.
@inline(__always)
public func axpy(_ n: Int, alpha: Float, x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>) {
    if alpha == 1 {
        // alpha · x[i] is exactly x[i]: the same bits as the general loop, one operation fewer.
        for i in 0..<n { y[i] = y[i] + x[i] }
    } else {
        for i in 0..<n { y[i] = y[i] + alpha * x[i] }
    }
}
