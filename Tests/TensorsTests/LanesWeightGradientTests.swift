import XCTest
@testable import Tensors

/// dWeight with the output channels in the lanes against its definition — im2col, then `gemm`
/// accumulating dOutput(M, n·P) · colᵀ into dWeight — bit for bit: 3 × 3 kernels at stride 1 and
/// 2, with and without padding, odd sides, output channels that fill one to five vectors or part
/// of one (on AVX-512 one block runs three input channels per pass, more blocks run in groups of
/// up to three), from a nonzero dWeight, and the samples given in one call or several.
final class LanesWeightGradientTests: XCTestCase {
    typealias Case = ConvolutionGEMMTests.Case

    static let cases: [Case] = [
        Case(ConvGeometry(channels: 5, height: 4, width: 4, kernel: (3, 3), padding: (1, 1)), m: 40, samples: 5, seed: 81),
        Case(ConvGeometry(channels: 4, height: 8, width: 8, kernel: (3, 3), padding: (1, 1)), m: 64, samples: 3, seed: 82),
        Case(ConvGeometry(channels: 7, height: 9, width: 6, kernel: (3, 3), padding: (1, 1)), m: 16, samples: 3, seed: 83),
        Case(ConvGeometry(channels: 2, height: 7, width: 5, kernel: (3, 3)), m: 5, samples: 2, seed: 84),
        Case(ConvGeometry(channels: 3, height: 8, width: 8, kernel: (3, 3), stride: (2, 2), padding: (1, 1)), m: 80, samples: 2, seed: 85),
        Case(ConvGeometry(channels: 3, height: 9, width: 7, kernel: (3, 3), stride: (2, 2), padding: (1, 1)), m: 33, samples: 3, seed: 86),
        Case(ConvGeometry(channels: 1, height: 12, width: 12, kernel: (3, 3)), m: 32, samples: 4, seed: 87),
    ]

    /// dWeight = c (the Case's nonzero start, read as (M, R)) + dOutput · colᵀ by im2col + gemm,
    /// with dOutput = the Case's c read as (n, M, P).
    func expected(_ t: Case, dOutput: [Float], start: [Float]) -> [Float] {
        let (p, n, r) = (t.g.outputPlane, t.n, t.g.rows)
        var columns = [Float](repeating: .nan, count: r * n)
        t.x.withUnsafeBufferPointer { xp in
            columns.withUnsafeMutableBufferPointer { im2col(t.g, input: xp.baseAddress!, samples: t.samples, columns: $0.baseAddress!) }
        }
        var regrouped = [Float](repeating: 0, count: t.m * n)
        for s in 0..<t.samples { for o in 0..<t.m { for q in 0..<p { regrouped[o * n + s * p + q] = dOutput[(s * t.m + o) * p + q] } } }
        var dWeight = start
        gemm(.none, .transposed, m: t.m, n: r, k: n, a: regrouped, lda: n, b: columns, ldb: n, beta: 1, c: &dWeight, ldc: r)
        return dWeight
    }

    func testEqualsIm2colAndGEMMBitForBit() throws {
        let kernels = [GEMMKernel.avx2, .avx512].filter(\.isSupported)
        if kernels.isEmpty { throw XCTSkip("no vector kernel on this CPU") }
        for t in Self.cases {
            let generator = Generator(seed: 88)
            let dOutput = (0..<(t.samples * t.m * t.g.outputPlane)).map { _ in generator.uniform(-1, 1) }
            let start = (0..<(t.m * t.g.rows)).map { _ in generator.uniform(-1, 1) }
            let want = expected(t, dOutput: dOutput, start: start)
            for kernel in kernels {
                let lanes = try XCTUnwrap(LanesWeightGradient(t.g, outChannels: t.m, kernel: kernel), "\(t)")
                let (ld, r) = (lanes.ld, t.g.rows)
                XCTAssertEqual(ld % (kernel == .avx512 ? 16 : 8), 0)
                XCTAssertGreaterThanOrEqual(ld, t.m)
                // All samples in one call, then one sample per call: the chains continue.
                for split in [t.samples, 1] {
                    var dWeightT = [Float](repeating: 0, count: r * ld)
                    for i in 0..<r { for o in 0..<t.m { dWeightT[i * ld + o] = start[o * r + i] } }
                    var buffer = [Float](repeating: .nan, count: lanes.bufferFloats(samples: split))
                    for s0 in stride(from: 0, to: t.samples, by: split) {
                        t.x.withUnsafeBufferPointer { xp in dOutput.withUnsafeBufferPointer { dp in
                            buffer.withUnsafeMutableBufferPointer { bp in dWeightT.withUnsafeMutableBufferPointer { wp in
                                lanes.accumulate(x: xp.baseAddress! + s0 * t.g.inputCount,
                                                 dOutput: dp.baseAddress! + s0 * t.m * t.g.outputPlane,
                                                 samples: min(split, t.samples - s0), buffer: bp.baseAddress!,
                                                 into: wp.baseAddress!)
                            }}
                        }}
                    }
                    let got = (0..<(t.m * r)).map { dWeightT[($0 % r) * ld + $0 / r] }
                    XCTAssertTrue(got.map(\.bitPattern) == want.map(\.bitPattern), "\(t), \(kernel.rawValue), \(split) per call")
                }
            }
        }
    }

    func testRunsOnlyThreeByThreeKernels() {
        let vector = GEMMKernel.best != .portable
        XCTAssertEqual(LanesWeightGradient(ConvGeometry(channels: 2, height: 6, width: 6, kernel: (3, 3), stride: (2, 2), padding: (1, 1)),
                                           outChannels: 8, kernel: .best) != nil, vector)
        XCTAssertNil(LanesWeightGradient(ConvGeometry(channels: 2, height: 6, width: 6, kernel: (1, 1)), outChannels: 8, kernel: .best))
        XCTAssertNil(LanesWeightGradient(ConvGeometry(channels: 2, height: 6, width: 6, kernel: (5, 5), padding: (2, 2)), outChannels: 8, kernel: .best))
        XCTAssertNil(LanesWeightGradient(ConvGeometry(channels: 2, height: 9, width: 9, kernel: (3, 3), stride: (3, 3)), outChannels: 8, kernel: .best))
        XCTAssertNil(LanesWeightGradient(ConvGeometry(channels: 2, height: 6, width: 6, kernel: (3, 3), padding: (1, 1)), outChannels: 8, kernel: .portable))
    }
}
