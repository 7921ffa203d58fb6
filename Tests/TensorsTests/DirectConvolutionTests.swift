import XCTest
@testable import Tensors

/// The direct convolution (masked loads from the NCHW input, NCHW output) against its
/// definition: `im2col`, then `gemm` on the stored columns — bit for bit, on ConvolutionGEMMTests'
/// stride-1 and even-sided stride-2 cases (−0 and 10⁶-sized inputs among them), split over
/// samples or channel blocks.
final class DirectConvolutionTests: XCTestCase {
    typealias Case = ConvolutionGEMMTests.Case

    override func tearDown() { Threads.set(2) }

    func at<R>(_ threads: Int, _ body: () -> R) -> R {
        Threads.set(threads)
        return body()
    }

    /// The cases with stride 1 or an even-sided stride 2, and ResNet's and MNIST's layers: planes
    /// of 4², 8², 16², 28² with no padding (outputs compressed out of a wider grid), ResNet's
    /// stride-2 3 × 3 and 1 × 1 layers on phases, a 5 × 5 and a 2 × 2 stride-2 kernel (taps
    /// reaching back one row and column of a phase, or none), and output channels that are not a
    /// multiple of 8.
    static let cases: [Case] = ConvolutionGEMMTests.cases.filter { g in
        let (s, h, w) = ((g.g.strideHeight, g.g.strideWidth), g.g.height, g.g.width)
        return s == (1, 1) || (s == (2, 2) && h % 2 == 0 && w % 2 == 0)
    } + [
        Case(ConvGeometry(channels: 24, height: 4, width: 4, kernel: (3, 3), padding: (1, 1)), m: 16, samples: 7, seed: 21),
        Case(ConvGeometry(channels: 16, height: 8, width: 8, kernel: (3, 3), padding: (1, 1)), m: 21, samples: 4, seed: 22),
        Case(ConvGeometry(channels: 8, height: 16, width: 16, kernel: (3, 3), padding: (1, 1)), m: 8, samples: 2, seed: 23),
        Case(ConvGeometry(channels: 4, height: 28, width: 28, kernel: (3, 3)), m: 11, samples: 2, seed: 24),
        Case(ConvGeometry(channels: 16, height: 32, width: 32, kernel: (3, 3), stride: (2, 2), padding: (1, 1)), m: 32, samples: 2, seed: 25),
        Case(ConvGeometry(channels: 6, height: 16, width: 16, kernel: (1, 1), stride: (2, 2)), m: 10, samples: 3, seed: 26),
        Case(ConvGeometry(channels: 5, height: 8, width: 8, kernel: (3, 3), stride: (2, 2), padding: (1, 1)), m: 12, samples: 3, seed: 27),
        Case(ConvGeometry(channels: 3, height: 12, width: 10, kernel: (5, 5), stride: (2, 2), padding: (2, 2)), m: 9, samples: 2, seed: 28),
        Case(ConvGeometry(channels: 4, height: 6, width: 14, kernel: (2, 2), stride: (2, 2)), m: 7, samples: 3, seed: 29),
    ]

    /// Each vector kernel this CPU runs, whichever kernel is active (the comparisons then also run
    /// against the portable kernel's im2col + gemm when CI forces it).
    func directs(_ t: Case) throws -> [DirectConvolution] {
        // Every lane use, so that vectors along short rows are tested too.
        let made = [GEMMKernel.avx2, .avx512].filter(\.isSupported).compactMap { kernel in
            t.a.withUnsafeBufferPointer {
                DirectConvolution(t.g, outChannels: t.m, weight: $0.baseAddress!, kernel: kernel, minLaneUse: 0)
            }
        }
        XCTAssertEqual(made.count, [GEMMKernel.avx2, .avx512].filter(\.isSupported).count, "a direct convolution on every vector kernel for \(t)")
        if made.isEmpty { throw XCTSkip("no vector kernel on this CPU") }
        return made
    }


    func run(_ d: DirectConvolution, _ t: Case, parallel: Bool, bias: [Float]? = nil, rectified: Bool = false,
             positive: [Float]? = nil, afterPlane: ((Int, UnsafePointer<Float>) -> Void)? = nil) -> [Float] {
        var out = [Float](repeating: .nan, count: t.samples * t.m * t.g.outputPlane)
        t.x.withUnsafeBufferPointer { xp in
            out.withUnsafeMutableBufferPointer { op in
                let b = bias?.withUnsafeBufferPointer { $0.baseAddress! }
                let y = positive?.withUnsafeBufferPointer { $0.baseAddress! }
                d.apply(xp.baseAddress!, samples: t.samples, sampleStride: t.g.inputCount, into: op.baseAddress!,
                        parallel: parallel, bias: b, rectified: rectified, wherePositive: y, afterPlane: afterPlane)
            }
        }
        return out
    }

    func testEqualsIm2colAndGEMMBitForBit() throws {
        for t in Self.cases {
            let want = t.explicitOutput()
            for d in try directs(t) { for threads in [1, 3] {
                for parallel in [false, true] {
                    let got = at(threads) { run(d, t, parallel: parallel) }
                    XCTAssertEqual(got.map(\.bitPattern), want.map(\.bitPattern),
                                   "\(t), \(d.kernel.rawValue), \(threads) threads, parallel \(parallel)")
                }
            }}
        }
    }

    /// A batch of one split over channel blocks, and many samples split over groups.
    func testSplitsDoNotChangeABit() throws {
        for t in [Case(ConvGeometry(channels: 8, height: 8, width: 8, kernel: (3, 3), padding: (1, 1)), m: 40, samples: 1, seed: 31),
                  Case(ConvGeometry(channels: 6, height: 4, width: 4, kernel: (3, 3), padding: (1, 1)), m: 24, samples: 61, seed: 32)] {
            let want = t.explicitOutput()
            for d in try directs(t) { for threads in [1, 2, 5] {
                XCTAssertEqual(at(threads) { run(d, t, parallel: true) }.map(\.bitPattern), want.map(\.bitPattern),
                               "\(t), \(d.kernel.rawValue), \(threads) threads")
            }}
        }
    }

    /// Bias, ReLU's forward, ReLU's backward and the per-plane callback, each as the gather
    /// computes it: value + bias, then `rectify`, then `passWherePositive`.
    func testFinishesEachPlaneAsTheGatherDoes() throws {
        let t = Case(ConvGeometry(channels: 5, height: 8, width: 8, kernel: (3, 3), padding: (1, 1)), m: 12, samples: 5, seed: 41)
        let plain = t.explicitOutput(), p = t.g.outputPlane
        let generator = Generator(seed: 42)
        let bias = (0..<t.m).map { _ in generator.uniform(-1, 1) }
        let positive = (0..<plain.count).map { i in i % 3 == 0 ? 0 : generator.uniform(-1, 1) }
        var want = plain
        for i in want.indices {
            let v = plain[i] + bias[i / p % t.m]
            want[i] = positive[i] <= 0 ? 0 : rectified(v)
        }
        for d in try directs(t) {
            var seen = [Int](repeating: 0, count: t.samples * t.m)
            var sums = [Float](repeating: 0, count: t.samples * t.m)
            let got = run(d, t, parallel: false, bias: bias, rectified: true, positive: positive) { item, plane in
                seen[item] += 1
                sums[item] = (0..<p).reduce(0) { $0 + plane[$1] }
            }
            XCTAssertEqual(got.map(\.bitPattern), want.map(\.bitPattern), d.kernel.rawValue)
            XCTAssertEqual(seen, [Int](repeating: 1, count: seen.count), "each plane handed over once")
            for item in sums.indices {
                XCTAssertEqual(sums[item], want[(item * p)..<((item + 1) * p)].reduce(0, +), "plane \(item) handed over finished")
            }
        }
    }

    func testStrideOneAndEvenStrideTwoGeometriesHaveOne() {
        let w = [Float](repeating: 1, count: 64 * 9)
        func direct(_ g: ConvGeometry) -> DirectConvolution? {
            w.withUnsafeBufferPointer { DirectConvolution(g, outChannels: 16, weight: $0.baseAddress!, kernel: .best, minLaneUse: 0) }
        }
        let vector = GEMMKernel.best != .portable
        XCTAssertEqual(direct(ConvGeometry(channels: 4, height: 8, width: 8, kernel: (3, 3), stride: (2, 2), padding: (1, 1))) != nil, vector)
        XCTAssertNil(direct(ConvGeometry(channels: 4, height: 9, width: 8, kernel: (3, 3), stride: (2, 2), padding: (1, 1))), "odd sides")
        XCTAssertNil(direct(ConvGeometry(channels: 4, height: 9, width: 9, kernel: (3, 3), stride: (3, 3), padding: (1, 1))), "stride 3")
        XCTAssertNil(direct(ConvGeometry(channels: 4, height: 8, width: 8, kernel: (3, 3), stride: (1, 2), padding: (1, 1))), "mixed strides")
        // A stride-2 layer's lanes run across its phases' W/2-wide grid: ResNet's 8² → 4² fills a vector.
        XCTAssertEqual(DirectConvolution.laneUse(ConvGeometry(channels: 4, height: 8, width: 8, kernel: (3, 3), stride: (2, 2), padding: (1, 1))), 1)
        let portable = w.withUnsafeBufferPointer {
            DirectConvolution(ConvGeometry(channels: 4, height: 8, width: 8, kernel: (3, 3), padding: (1, 1)),
                              outChannels: 16, weight: $0.baseAddress!, kernel: .portable)
        }
        XCTAssertNil(portable)
        // MNIST's conv2: 24 × 24 outputs on a 24 × 26 grid of lanes.
        XCTAssertEqual(DirectConvolution.laneUse(ConvGeometry(channels: 4, height: 26, width: 26, kernel: (3, 3))), 576.0 / 624)
        // Output rows wider than the input's (padding 2 around a 3 × 3 kernel): 6 of 16 lanes.
        let padded = ConvGeometry(channels: 4, height: 4, width: 4, kernel: (3, 3), padding: (2, 2))
        XCTAssertEqual(DirectConvolution.laneUse(padded), 6.0 / 16)
        XCTAssertNil(w.withUnsafeBufferPointer { DirectConvolution(padded, outChannels: 16, weight: $0.baseAddress!) })
        XCTAssertEqual(DirectConvolution.laneUse(ConvGeometry(channels: 4, height: 5, width: 7, kernel: (3, 3), padding: (1, 1))),
                       35.0 / 48)
    }
}
