import XCTest
@testable import Tensors

/// The convolution with output channels in the lanes against its definition: `im2col`, then
/// `gemm` on the stored columns — bit for bit, on ConvolutionGEMMTests' stride-1 and stride-2
/// cases (−0 and 10⁶-sized inputs among them) and ResNet's small planes: tiles that overlap at
/// the right and bottom edges and in the last channel blocks, rows of 1–3 outputs, more than
/// 1,024 steps r, split over samples or channel blocks, with the caller's buffers or its own.
final class LanesConvolutionTests: XCTestCase {
    typealias Case = ConvolutionGEMMTests.Case

    override func tearDown() { Threads.set(2) }

    static let cases: [Case] = ConvolutionGEMMTests.cases.filter { t in
        let g = t.g
        return (g.strideHeight, g.strideWidth) == (1, 1) || (g.strideHeight, g.strideWidth) == (2, 2)
    }.filter { $0.g.padHeight < $0.g.kernelHeight && $0.g.padWidth < $0.g.kernelWidth } + [
        // resnet18-w16's 4² layers (channels cut to keep the test quick), 40 output channels: three
        // blocks of 16 (or five of 8), the last pair overlapping the one before.
        Case(ConvGeometry(channels: 24, height: 4, width: 4, kernel: (3, 3), padding: (1, 1)), m: 40, samples: 5, seed: 51),
        // 8² → 4² at stride 2, an odd-sided stride 2, a 5 × 5 kernel on 3 × 5 planes (rows of
        // three outputs, three rows: the bottom tile overlaps).
        Case(ConvGeometry(channels: 12, height: 8, width: 8, kernel: (3, 3), stride: (2, 2), padding: (1, 1)), m: 33, samples: 3, seed: 52),
        Case(ConvGeometry(channels: 3, height: 7, width: 9, kernel: (3, 3), stride: (2, 2), padding: (1, 1)), m: 16, samples: 2, seed: 53),
        Case(ConvGeometry(channels: 2, height: 3, width: 5, kernel: (5, 5), padding: (2, 2)), m: 17, samples: 2, seed: 54),
        // 1 × 2 outputs (rows of two, one row), and R = 1,152 steps (beyond the offsets kept on the stack).
        Case(ConvGeometry(channels: 4, height: 1, width: 2, kernel: (3, 3), padding: (1, 1)), m: 5, samples: 3, seed: 55),
        Case(ConvGeometry(channels: 128, height: 2, width: 2, kernel: (3, 3), padding: (1, 1)), m: 20, samples: 2, seed: 56),
    ]

    /// Each vector kernel this CPU runs, whichever kernel is active.
    func convolutions(_ t: Case) throws -> [LanesConvolution] {
        let kernels = [GEMMKernel.avx2, .avx512].filter(\.isSupported)
        let made = kernels.compactMap { kernel in
            t.a.withUnsafeBufferPointer {
                LanesConvolution(t.g, outChannels: t.m, weight: $0.baseAddress!, kernel: kernel)
            }
        }
        XCTAssertEqual(made.count, kernels.count, "a lanes convolution on every vector kernel for \(t)")
        if made.isEmpty { throw XCTSkip("no vector kernel on this CPU") }
        return made
    }


    func run(_ l: LanesConvolution, _ t: Case, parallel: Bool, bias: [Float]? = nil, rectified: Bool = false,
             positive: [Float]? = nil, paddedBuffer: UnsafeMutablePointer<Float>? = nil,
             afterPlane: ((Int, UnsafePointer<Float>) -> Void)? = nil) -> [Float] {
        var out = [Float](repeating: .nan, count: t.samples * t.m * t.g.outputPlane)
        t.x.withUnsafeBufferPointer { xp in
            out.withUnsafeMutableBufferPointer { op in
                let b = bias?.withUnsafeBufferPointer { $0.baseAddress! }
                let y = positive?.withUnsafeBufferPointer { $0.baseAddress! }
                l.apply(xp.baseAddress!, samples: t.samples, sampleStride: t.g.inputCount, into: op.baseAddress!,
                        parallel: parallel, bias: b, rectified: rectified, wherePositive: y, afterPlane: afterPlane,
                        buffer: paddedBuffer)
            }
        }
        return out
    }

    func testEqualsIm2colAndGEMMBitForBit() throws {
        for t in Self.cases {
            let want = t.explicitOutput()
            for l in try convolutions(t) { for threads in [1, 3] { for parallel in [false, true] {
                Threads.set(threads)
                XCTAssertTrue(run(l, t, parallel: parallel).map(\.bitPattern) == want.map(\.bitPattern),
                               "\(t), \(l.kernel.rawValue), \(threads) threads, parallel \(parallel)")
            }}}
        }
    }

    /// A batch of one split over channel blocks, many samples over groups, and the caller's
    /// buffers for the packed weights and the zero-bordered copy (filled with garbage first).
    func testSplitsAndBuffersDoNotChangeABit() throws {
        for t in [Case(ConvGeometry(channels: 8, height: 4, width: 4, kernel: (3, 3), padding: (1, 1)), m: 72, samples: 1, seed: 61),
                  Case(ConvGeometry(channels: 6, height: 8, width: 8, kernel: (3, 3), padding: (1, 1)), m: 24, samples: 61, seed: 62)] {
            let want = t.explicitOutput()
            for l in try convolutions(t) { for threads in [1, 2, 5] {
                Threads.set(threads)
                XCTAssertTrue(run(l, t, parallel: true).map(\.bitPattern) == want.map(\.bitPattern),
                               "\(t), \(l.kernel.rawValue), \(threads) threads")
            }}
            // One convolution at a time: the buffer holds the packing of the last one made.
            let packed = UnsafeMutablePointer<Float>.allocate(capacity: 1 << 16)
            defer { packed.deallocate() }
            var padded = [Float](repeating: .nan, count: 1 << 16)
            for kernel in [GEMMKernel.avx2, .avx512].filter(\.isSupported) {
                packed.initialize(repeating: .nan, count: 1 << 16)
                let made = t.a.withUnsafeBufferPointer {
                    LanesConvolution(t.g, outChannels: t.m, weight: $0.baseAddress!, kernel: kernel, packedBuffer: { count in
                        XCTAssertLessThanOrEqual(count, 1 << 16)
                        return packed
                    })
                }
                let l = try XCTUnwrap(made)
                XCTAssertLessThanOrEqual(l.bufferFloats(samples: t.samples), padded.count)
                let got = padded.withUnsafeMutableBufferPointer { run(l, t, parallel: false, paddedBuffer: $0.baseAddress!) }
                XCTAssertTrue(got.map(\.bitPattern) == want.map(\.bitPattern), "\(t), \(kernel.rawValue), caller's buffers")
            }
        }
    }

    /// Bias, ReLU's forward, ReLU's backward and the per-plane callback, as the gather computes
    /// them: value + bias, then `rectify`, then `passWherePositive`; each plane handed over once.
    func testFinishesEachPlaneAsTheGatherDoes() throws {
        let t = Case(ConvGeometry(channels: 5, height: 4, width: 4, kernel: (3, 3), padding: (1, 1)), m: 20, samples: 5, seed: 71)
        let plain = t.explicitOutput(), p = t.g.outputPlane
        let generator = Generator(seed: 72)
        let bias = (0..<t.m).map { _ in generator.uniform(-1, 1) }
        let positive = (0..<plain.count).map { i in i % 3 == 0 ? 0 : generator.uniform(-1, 1) }
        var want = plain
        for i in want.indices {
            let v = plain[i] + bias[i / p % t.m]
            want[i] = positive[i] <= 0 ? 0 : rectified(v)
        }
        for l in try convolutions(t) {
            var seen = [Int](repeating: 0, count: t.samples * t.m)
            let got = run(l, t, parallel: false, bias: bias, rectified: true, positive: positive) { item, plane in
                seen[item] += 1
                XCTAssertTrue((0..<p).map { plane[$0].bitPattern } == want[(item * p)..<((item + 1) * p)].map(\.bitPattern),
                               "plane \(item) handed over finished")
            }
            XCTAssertTrue(got.map(\.bitPattern) == want.map(\.bitPattern), l.kernel.rawValue)
            XCTAssertEqual(seen, [Int](repeating: 1, count: seen.count), "each plane handed over once")
        }
    }

    func testGeometriesItRuns() {
        let w = [Float](repeating: 1, count: 64 * 9)
        func lanes(_ g: ConvGeometry, kernel: GEMMKernel = .best) -> LanesConvolution? {
            w.withUnsafeBufferPointer { LanesConvolution(g, outChannels: 16, weight: $0.baseAddress!, kernel: kernel) }
        }
        let vector = GEMMKernel.best != .portable
        XCTAssertEqual(lanes(ConvGeometry(channels: 4, height: 9, width: 7, kernel: (3, 3), stride: (2, 2), padding: (1, 1))) != nil, vector)
        XCTAssertNil(lanes(ConvGeometry(channels: 4, height: 9, width: 9, kernel: (3, 3), stride: (3, 3), padding: (1, 1))), "stride 3")
        XCTAssertNil(lanes(ConvGeometry(channels: 4, height: 8, width: 8, kernel: (3, 3), stride: (1, 2), padding: (1, 1))), "mixed strides")
        XCTAssertNil(lanes(ConvGeometry(channels: 4, height: 4, width: 4, kernel: (3, 3), padding: (3, 3))), "padding ≥ kernel")
        XCTAssertNil(lanes(ConvGeometry(channels: 4, height: 4, width: 4, kernel: (3, 3), padding: (1, 1)), kernel: .portable))
    }
}
