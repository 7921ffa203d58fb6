import GEMMKernels

/// im2col's column matrix of a chunk of samples, described rather than stored: the GEMM packs
/// its panels straight from the NCHW input (implicit im2col). Element (r, q) — r = (c, ki, kj),
/// q = (s, oy, ox), legend as in Im2col.swift — is what `im2col` would store there, so a product
/// with it has the bits of `im2col` followed by `gemm`, without writing and re-reading the
/// (R, n·P) matrix.
public struct ConvolutionColumns {
    public let geometry: ConvGeometry
    /// Sample 0's (C, H, W) input; sample s starts `sampleStride` floats later.
    public let input: UnsafePointer<Float>
    public let sampleStride: Int
    /// n: columns are n·P.
    public let samples: Int

    public init(_ geometry: ConvGeometry, input: UnsafePointer<Float>, samples: Int, sampleStride: Int? = nil) {
        (self.geometry, self.input, self.samples) = (geometry, input, samples)
        self.sampleStride = sampleStride ?? geometry.inputCount
    }

    public var rows: Int { geometry.rows }
    public var columns: Int { samples * geometry.outputPlane }

    var descriptor: dl_conv_columns {
        let g = geometry
        return dl_conv_columns(x: input, sample_stride: sampleStride, channels: g.channels, height: g.height,
                               width: g.width, kh: g.kernelHeight, kw: g.kernelWidth, sh: g.strideHeight,
                               sw: g.strideWidth, ph: g.padHeight, pw: g.padWidth,
                               oh: g.outputHeight, ow: g.outputWidth)
    }
}

/// C = A · col (beta = 0) or C += A · col (beta = 1) under `gemm`'s contract, with A (M, K =
/// R) stored row-major and col the (R, n·P) column matrix `columns`: bit for bit
/// `im2col` + `gemm(.none, .none, …)`. C: (M, n·P) with row stride ldc. Split over the cores
/// like `gemm` (rows or whole-tile column blocks; K never), unless inside a parallel region.
public func gemm(m: Int, a: UnsafePointer<Float>, lda: Int, columns: ConvolutionColumns,
                 beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int) {
    precondition(beta == 0 || beta == 1, "gemm: beta must be 0 or 1, got \(beta)")
    let (n, k) = (columns.columns, columns.rows)
    precondition(lda >= k && ldc >= n, "gemm: row stride shorter than a row (lda \(lda), ldc \(ldc))")
    if m == 0 || n == 0 { return }
    let kernel = GEMMKernel.active, accumulate: Int32 = beta == 1 ? 1 : 0
    var descriptor = columns.descriptor
    withUnsafePointer(to: &descriptor) { d in
        splitOverCores(kernel, m: m, n: n, k: k) { plan, rows, cols in
            dl_gemm_conv(kernel.code, plan, rows.count, cols.count, k, a + rows.lowerBound * lda, lda, d, cols.lowerBound,
                         accumulate, c + rows.lowerBound * ldc + cols.lowerBound, ldc)
        }
    }
}

/// C = A · op(B) (beta = 0) or C += A · op(B) under `gemm`'s contract, A (M, K) stored row-major,
/// op(B)(p, j) = b[rows[p] + j] for j < n: K rows anywhere in `b`, each contiguous. C: (M, n)
/// with row stride ldc. Split over the cores like `gemm`, unless inside a parallel region.
public func gemm(m: Int, n: Int, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, rows: [Int],
                 beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int) {
    precondition(beta == 0 || beta == 1, "gemm: beta must be 0 or 1, got \(beta)")
    let k = rows.count
    precondition(lda >= k && ldc >= n, "gemm: row stride shorter than a row (lda \(lda), ldc \(ldc))")
    if m == 0 || n == 0 { return }
    let kernel = GEMMKernel.active, accumulate: Int32 = beta == 1 ? 1 : 0
    rows.withUnsafeBufferPointer { table in
        splitOverCores(kernel, m: m, n: n, k: k) { plan, rowBlock, cols in
            dl_gemm_row_table(kernel.code, plan, rowBlock.count, cols.count, k, a + rowBlock.lowerBound * lda, lda, b,
                              table.baseAddress!, cols.lowerBound, accumulate, c + rowBlock.lowerBound * ldc + cols.lowerBound, ldc)
        }
    }
}

/// C = op(A) · op(B) (beta = 0) or C += op(A) · op(B) under `gemm`'s contract, with
/// op(A)(i, p) = a[rows[i] + p] for p < k: M = rows.count rows anywhere in `a`, each contiguous
/// (the column matrix of a convolution as shifted rows of its zero-bordered input), and op(B)
/// (K, N) stored as in `gemm`. C: (M, n) with row stride ldc. Split over the cores like `gemm`.
public func gemm(rows: [Int], a: UnsafePointer<Float>, _ transB: Transpose, n: Int, k: Int,
                 b: UnsafePointer<Float>, ldb: Int, beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int) {
    precondition(beta == 0 || beta == 1, "gemm: beta must be 0 or 1, got \(beta)")
    let m = rows.count
    precondition(ldc >= n && ldb >= (transB == .none ? n : k), "gemm: row stride shorter than a row (ldb \(ldb), ldc \(ldc))")
    if m == 0 || n == 0 { return }
    let kernel = GEMMKernel.active, accumulate: Int32 = beta == 1 ? 1 : 0
    rows.withUnsafeBufferPointer { table in
        splitOverCores(kernel, m: m, n: n, k: k) { plan, rowBlock, cols in
            let bBlock = transB == .none ? b + cols.lowerBound : b + cols.lowerBound * ldb
            dl_gemm_a_rows(kernel.code, plan, transB == .none ? 0 : 1, rowBlock.count, cols.count, k, a,
                           table.baseAddress! + rowBlock.lowerBound, bBlock, ldb, accumulate,
                           c + rowBlock.lowerBound * ldc + cols.lowerBound, ldc)
        }
    }
}
