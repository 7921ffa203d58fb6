import GEMMKernels
import XCTest
@testable import Tensors

/// The implicit-im2col product (`gemm(m:a:lda:columns:…)`) against its definition: `im2col`
/// into a stored matrix, then `gemm` on it — bit for bit, on every kernel, plan and thread count.
final class ConvolutionGEMMTests: XCTestCase {
    /// A weight (M, R), a batch of inputs and a C to accumulate into, with −0 and values of wide
    /// magnitude among the inputs so a changed order or a −0 turned +0 would show.
    struct Case: CustomStringConvertible {
        let g: ConvGeometry
        let m: Int, samples: Int
        let a: [Float], x: [Float], c: [Float]

        init(_ g: ConvGeometry, m: Int, samples: Int, seed: UInt64) {
            (self.g, self.m, self.samples) = (g, m, samples)
            let generator = Generator(seed: seed)
            a = (0..<(m * g.rows)).map { _ in generator.uniform(-1, 1) }
            x = (0..<(samples * g.inputCount)).map { i in
                let v = generator.uniform(-1, 1)
                return i % 7 == 0 ? -0.0 : i % 5 == 0 ? v * 1e6 : v
            }
            c = (0..<(m * samples * g.outputPlane)).map { _ in generator.uniform(-1, 1) }
        }

        var n: Int { samples * g.outputPlane }
        var description: String {
            "M \(m), C \(g.channels) \(g.height)×\(g.width), kernel \(g.kernelHeight)×\(g.kernelWidth), "
                + "stride \(g.strideHeight)×\(g.strideWidth), padding \(g.padHeight)×\(g.padWidth), \(samples) samples"
        }

        /// `explicit(beta: 0)`'s (M, n·P) product regrouped as a convolution's output (n, M, P).
        func explicitOutput() -> [Float] {
            let product = explicit(beta: 0), p = g.outputPlane
            var out = [Float](repeating: 0, count: product.count)
            for s in 0..<samples { for o in 0..<m { for q in 0..<p {
                out[(s * m + o) * p + q] = product[o * n + s * p + q]
            }}}
            return out
        }

        /// im2col, then `gemm` on the stored columns.
        func explicit(beta: Float) -> [Float] {
            var columns = [Float](repeating: .nan, count: g.rows * n)
            x.withUnsafeBufferPointer { xp in
                columns.withUnsafeMutableBufferPointer { im2col(g, input: xp.baseAddress!, samples: samples, columns: $0.baseAddress!) }
            }
            var out = c
            gemm(.none, .none, m: m, n: n, k: g.rows, a: a, lda: g.rows, b: columns, ldb: n, beta: beta, c: &out, ldc: n)
            return out
        }

        /// The same product with the columns packed from x.
        func implicit(beta: Float) -> [Float] {
            var out = c
            x.withUnsafeBufferPointer { xp in
                out.withUnsafeMutableBufferPointer { cp in
                    gemm(m: m, a: a, lda: g.rows, columns: ConvolutionColumns(g, input: xp.baseAddress!, samples: samples),
                         beta: beta, c: cp.baseAddress!, ldc: n)
                }
            }
            return out
        }
    }

    /// Padding and none, strides 1–3, 1×1 to 5×5 and non-square kernels, a 1-D case (H = 1),
    /// output rows shorter and longer than a register tile; then R > KC = 512 (K blocks chained
    /// through C), M > MC = 192 and n·P > NC = 768 (a whole packed B block), and ResNet's shapes.
    static let cases: [Case] = [
        Case(ConvGeometry(channels: 1, height: 3, width: 3, kernel: (2, 2)), m: 1, samples: 1, seed: 1),
        Case(ConvGeometry(channels: 2, height: 7, width: 5, kernel: (3, 3), padding: (1, 1)), m: 4, samples: 3, seed: 2),
        Case(ConvGeometry(channels: 3, height: 9, width: 8, kernel: (3, 3), stride: (2, 2), padding: (1, 1)), m: 5, samples: 2, seed: 3),
        Case(ConvGeometry(channels: 1, height: 6, width: 11, kernel: (1, 5), padding: (0, 2)), m: 7, samples: 2, seed: 4),
        Case(ConvGeometry(channels: 4, height: 5, width: 5, kernel: (1, 1), stride: (2, 2)), m: 3, samples: 3, seed: 5),
        Case(ConvGeometry(channels: 2, height: 6, width: 6, kernel: (5, 5), stride: (3, 3), padding: (2, 2)), m: 13, samples: 2, seed: 6),
        Case(ConvGeometry(channels: 6, height: 1, width: 30, kernel: (1, 4), stride: (1, 2), padding: (0, 1)), m: 9, samples: 3, seed: 7),
        Case(ConvGeometry(channels: 3, height: 4, width: 4, kernel: (3, 3), padding: (2, 2)), m: 17, samples: 5, seed: 8),
        Case(ConvGeometry(channels: 64, height: 6, width: 6, kernel: (3, 3), padding: (1, 1)), m: 20, samples: 3, seed: 9),
        Case(ConvGeometry(channels: 8, height: 10, width: 10, kernel: (3, 3), padding: (1, 1)), m: 200, samples: 9, seed: 10),
        Case(ConvGeometry(channels: 16, height: 32, width: 32, kernel: (3, 3), padding: (1, 1)), m: 16, samples: 2, seed: 11),
        Case(ConvGeometry(channels: 32, height: 8, width: 8, kernel: (3, 3), stride: (2, 2), padding: (1, 1)), m: 64, samples: 4, seed: 12),
        // Rows of 4, 2, 8 and 1 floats whose output rows are as wide as the input (packed 8/W
        // rows per vector): ResNet's 4² layers, 2² planes, a 1 × 1 kernel, a column of width 1.
        Case(ConvGeometry(channels: 5, height: 4, width: 4, kernel: (3, 3), padding: (1, 1)), m: 20, samples: 5, seed: 13),
        Case(ConvGeometry(channels: 3, height: 2, width: 2, kernel: (3, 3), padding: (1, 1)), m: 9, samples: 7, seed: 14),
        Case(ConvGeometry(channels: 4, height: 3, width: 4, kernel: (1, 1)), m: 6, samples: 3, seed: 15),
        Case(ConvGeometry(channels: 2, height: 8, width: 8, kernel: (5, 5), padding: (2, 2)), m: 7, samples: 3, seed: 16),
        Case(ConvGeometry(channels: 3, height: 9, width: 1, kernel: (3, 1), padding: (1, 0)), m: 5, samples: 4, seed: 17),
    ]

    /// Every case on every kernel, beta 0 and 1, as `gemm` plans it, on 1 and 2 threads.
    func testEqualsIm2colThenGEMMBitForBit() {
        for kernel in GEMMKernel.available {
            with(kernel) {
                for t in Self.cases {
                    for beta: Float in [0, 1] {
                        let expected = t.explicit(beta: beta)
                        for threads in [1, 2, 3] {
                            assertSameBits(with(threads: threads) { t.implicit(beta: beta) }, expected,
                                           "\(kernel.rawValue) \(t) beta \(Int(beta)) on \(threads) threads")
                        }
                    }
                }
            }
        }
    }

    /// Every plan (tile shape, and AVX-512's direct path) of every kernel, and a column range
    /// starting inside the matrix (what a thread's block reads): the columns q0 ..< q0 + n of
    /// the stored matrix, bit for bit.
    func testEveryPlanAndColumnOffset() {
        for kernel in GEMMKernel.available {
            for t in Self.cases {
                let n = t.n, k = t.g.rows
                var columns = [Float](repeating: .nan, count: k * n)
                t.x.withUnsafeBufferPointer { xp in
                    columns.withUnsafeMutableBufferPointer { im2col(t.g, input: xp.baseAddress!, samples: t.samples, columns: $0.baseAddress!) }
                }
                let q0 = n / 3, width = n - q0 - n / 5
                for plan in 0..<dl_gemm_plan_count(kernel.code) {
                    var expected = t.c, got = t.c
                    columns.withUnsafeBufferPointer { bp in
                        expected.withUnsafeMutableBufferPointer { cp in
                            gemmBlock(kernel, Int32(plan), .none, .none, m: t.m, n: width, k: k, a: t.a, lda: k, b: bp.baseAddress! + q0,
                                      ldb: n, accumulate: true, c: cp.baseAddress! + q0, ldc: n)
                        }
                    }
                    t.x.withUnsafeBufferPointer { xp in
                        var d = ConvolutionColumns(t.g, input: xp.baseAddress!, samples: t.samples).descriptor
                        got.withUnsafeMutableBufferPointer { cp in
                            dl_gemm_conv(kernel.code, Int32(plan), t.m, width, k, t.a, k, &d, q0, 1, cp.baseAddress! + q0, n)
                        }
                    }
                    assertSameBits(got, expected, "\(kernel.rawValue) plan \(plan) \(t) columns \(q0)..<\(q0 + width)")
                }
            }
        }
    }

    /// Stride-1 cases through `WideConvolution` (pad, one GEMM over shifted rows, gather): the
    /// bits of im2col + gemm, on every kernel and 1–3 threads; strided geometries are refused.
    func testWideConvolutionEqualsIm2colThenGEMMBitForBit() {
        var covered = 0
        for kernel in GEMMKernel.available {
            with(kernel) {
                for t in Self.cases {
                    guard let wide = WideConvolution(t.g, samples: t.samples) else {
                        XCTAssertTrue(t.g.strideHeight > 1 || t.g.strideWidth > 1, "\(t) refused")
                        continue
                    }
                    covered += 1
                    // explicit(beta: 0) is (M, n·P) sample-major; gather writes (n, M, P).
                    let flat = t.explicit(beta: 0), p = t.g.outputPlane
                    let expected = (0..<(t.samples * t.m * p)).map { i in flat[(i / p % t.m) * t.n + (i / (t.m * p)) * p + i % p] }
                    for threads in [1, 2, 3] {
                        let got: [Float] = with(threads: threads) {
                            var padded = [Float](repeating: .nan, count: wide.paddedCount)
                            var product = [Float](repeating: .nan, count: t.m * wide.columns)
                            var out = [Float](repeating: .nan, count: t.samples * t.m * p)
                            t.x.withUnsafeBufferPointer { wide.pad($0.baseAddress!, sampleStride: t.g.inputCount, into: &padded, parallel: true) }
                            gemm(m: t.m, n: wide.columns, a: t.a, lda: t.g.rows, b: padded, rows: wide.rows, c: &product, ldc: wide.columns)
                            wide.gather(product, channels: t.m, bias: nil, into: &out, parallel: true)
                            return out
                        }
                        assertSameBits(got, expected, "\(kernel.rawValue) \(t) wide on \(threads) threads")
                    }
                }
            }
        }
        XCTAssertEqual(covered, 12 * GEMMKernel.available.count)
    }

    /// `gemm(rows:…)`, A read through a row table (overlapping shifted rows, as a convolution's
    /// columns are), against `gemm` on the same rows stored: every plan of every kernel, op(B) as
    /// stored and transposed, beta 0 and 1; shapes with A read in place and packed (N > 8 panels),
    /// K > KC and M > MC, edge tiles.
    func testRowTableAEqualsStoredAOnEveryPlan() {
        let generator = Generator(seed: 21)
        for (m, n, k) in [(7, 5, 13), (30, 16, 600), (200, 20, 100), (50, 600, 40)] {
            let base = (0..<(m * 5 + k + 8)).map { i in i % 11 == 0 ? -0.0 : generator.uniform(-1, 1) }
            let rows = (0..<m).map { i in (i * 5) % (m * 5 - 4) + i % 3 }  // overlapping, out of order
            let stored = rows.flatMap { r in base[r..<(r + k)] }
            let b = (0..<(k * n)).map { _ in generator.uniform(-1, 1) }
            let c = (0..<(m * n)).map { _ in generator.uniform(-1, 1) }
            for kernel in GEMMKernel.available {
                for plan in 0..<dl_gemm_plan_count(kernel.code) {
                    for transB in [Transpose.none, .transposed] {
                        let ldb = transB == .none ? n : k
                        for accumulate in [false, true] {
                            var expected = c, got = c
                            gemmBlock(kernel, Int32(plan), .none, transB, m: m, n: n, k: k, a: stored, lda: k, b: b, ldb: ldb,
                                      accumulate: accumulate, c: &expected, ldc: n)
                            dl_gemm_a_rows(kernel.code, Int32(plan), transB == .none ? 0 : 1, m, n, k, base, rows, b, ldb,
                                           accumulate ? 1 : 0, &got, n)
                            assertSameBits(got, expected, "\(kernel.rawValue) plan \(plan) \(m)×\(n)×\(k) \(transB) accumulate \(accumulate)")
                        }
                    }
                }
            }
        }
    }

    /// dWeightᵀ over the wide grid (pad x, scatter dOutput, `gemm(rows:…)`) against im2col and
    /// `gemm` on the stored columns: the same bits (the grid's extra terms are exact zeros and no
    /// chain here is −0), on every kernel and 1–3 threads.
    func testWideWeightGradientEqualsIm2colBitForBit() {
        var covered = 0
        for t in Self.cases {
            guard let wide = WideConvolution(t.g, samples: t.samples) else { continue }
            covered += 1
            let (r, p, n) = (t.g.rows, t.g.outputPlane, t.n)
            let generator = Generator(seed: 31)
            let dOutput = (0..<(t.samples * t.m * p)).map { _ in generator.uniform(-1, 1) }  // (n, M, P)
            let start = (0..<(r * t.m)).map { _ in generator.uniform(-1, 1) }                 // dWeightᵀ (R, M)
            var columns = [Float](repeating: .nan, count: r * n)
            t.x.withUnsafeBufferPointer { im2col(t.g, input: $0.baseAddress!, samples: t.samples, columns: &columns) }
            let dOut = (0..<(t.m * n)).map { i in dOutput[(i % n / p * t.m + i / n) * p + i % p] }  // (M, n·P)
            for kernel in GEMMKernel.available {
                with(kernel) {
                    var expected = start
                    gemm(.none, .transposed, m: r, n: t.m, k: n, a: columns, lda: n, b: dOut, ldb: n, beta: 1, c: &expected, ldc: t.m)
                    for threads in [1, 2, 3] {
                        let got: [Float] = with(threads: threads) {
                            var padded = [Float](repeating: .nan, count: wide.paddedCount)
                            var grid = [Float](repeating: .nan, count: t.m * t.samples * wide.plane)
                            var out = start
                            t.x.withUnsafeBufferPointer { wide.pad($0.baseAddress!, sampleStride: t.g.inputCount, into: &padded, parallel: true) }
                            wide.scatter(dOutput, channels: t.m, into: &grid, parallel: true)
                            gemm(rows: wide.rows, a: padded, .transposed, n: t.m, k: wide.columns, b: grid,
                                 ldb: t.samples * wide.plane, beta: 1, c: &out, ldc: t.m)
                            return out
                        }
                        assertSameBits(got, expected, "\(kernel.rawValue) \(t) wide dWeight on \(threads) threads")
                    }
                }
            }
        }
        XCTAssertEqual(covered, 12)
    }

    /// The first case by hand: x = 1…9 as 3×3, weight [1 2; 3 4] → [37 47; 67 77].
    func testHandComputed() {
        let g = ConvGeometry(channels: 1, height: 3, width: 3, kernel: (2, 2))
        let x: [Float] = [1, 2, 3, 4, 5, 6, 7, 8, 9], w: [Float] = [1, 2, 3, 4]
        var y = [Float](repeating: .nan, count: 4)
        x.withUnsafeBufferPointer { xp in
            gemm(m: 1, a: w, lda: 4, columns: ConvolutionColumns(g, input: xp.baseAddress!, samples: 1), c: &y, ldc: 4)
        }
        XCTAssertEqual(y, [37, 47, 67, 77])
    }
}
