import GEMMKernels
import XCTest
@testable import Tensors

/// Winograd's F(2 × 2, 3 × 3) against the direct sum in Double, within a bound derived from its
/// transforms; and the same bits on every GEMM kernel and thread count.
final class WinogradConvolutionTests: XCTestCase {
    /// x (n, C, H, W), w (M, C, 3, 3), bias (M): random, with odd sizes for partial tiles.
    struct Case {
        let n, c, m, h, w: Int
        let x, weight, bias: [Float]
        init(n: Int, c: Int, m: Int, h: Int, w: Int, seed: UInt64) {
            (self.n, self.c, self.m, self.h, self.w) = (n, c, m, h, w)
            let g = Generator(seed: seed)
            x = (0..<(n * c * h * w)).map { _ in g.uniform(-1, 1) }
            weight = (0..<(m * c * 9)).map { _ in g.uniform(-1, 1) }
            bias = (0..<m).map { _ in g.uniform(-1, 1) }
        }
        var geometry: ConvGeometry { ConvGeometry(channels: c, height: h, width: w, kernel: (3, 3), padding: (1, 1)) }

        /// Runs transformWeight, transformInput, the 16 GEMMs and transformOutput.
        func winograd() -> [Float] {
            let wino = WinogradConvolution(geometry, samples: n)!
            let t = wino.tiles
            var u = [Float](repeating: .nan, count: 16 * m * c)
            var v = [Float](repeating: .nan, count: wino.inputCount)
            var product = [Float](repeating: .nan, count: wino.productCount(channels: m))
            var y = [Float](repeating: .nan, count: n * m * h * w)
            WinogradConvolution.transformWeight(weight, outChannels: m, inChannels: c, into: &u)
            wino.transformInput(x, sampleStride: c * h * w, into: &v, parallel: true)
            for xi in 0..<16 {
                u.withUnsafeBufferPointer { up in v.withUnsafeBufferPointer { vp in product.withUnsafeMutableBufferPointer { pp in
                    gemm(.none, .none, m: m, n: t, k: c, a: up.baseAddress! + xi * m * c, lda: c,
                         b: vp.baseAddress! + xi * c * t, ldb: t, c: pp.baseAddress! + xi * m * t, ldc: t)
                }}}
            }
            wino.transformOutput(product, channels: m, bias: bias, into: &y, parallel: true)
            return y
        }

        /// The direct sum in Double, and Σ|w·x| (+|bias|) per output for the error bound.
        func direct() -> (y: [Double], magnitude: [Double]) {
            var y = [Double](repeating: 0, count: n * m * h * w), mag = y
            for s in 0..<n { for o in 0..<m { for oy in 0..<h { for ox in 0..<w {
                var sum = Double(bias[o]), abs = Swift.abs(Double(bias[o]))
                for ch in 0..<c { for ki in 0..<3 { for kj in 0..<3 {
                    let iy = oy - 1 + ki, ix = ox - 1 + kj
                    guard iy >= 0 && iy < h && ix >= 0 && ix < w else { continue }
                    let term = Double(x[((s * c + ch) * h + iy) * w + ix]) * Double(weight[(o * c + ch) * 9 + ki * 3 + kj])
                    sum += term; abs += Swift.abs(term)
                }}}
                let i = ((s * m + o) * h + oy) * w + ox
                (y[i], mag[i]) = (sum, abs)
            }}}}
            return (y, mag)
        }
    }

    static let cases = [
        Case(n: 1, c: 1, m: 1, h: 2, w: 2, seed: 1),
        Case(n: 2, c: 3, m: 5, h: 7, w: 5, seed: 2),
        Case(n: 3, c: 20, m: 17, h: 8, w: 9, seed: 3),
        Case(n: 2, c: 64, m: 64, h: 6, w: 6, seed: 4),
        Case(n: 1, c: 9, m: 40, h: 1, w: 13, seed: 5),
    ]

    /// |error| ≤ 81 · (K + 16) · ε · Σ|w·x|: the 1-D transforms' row sums (|Bᵀ| 2, |G| 3/2,
    /// |Aᵀ| 3) bound how much a rounding is magnified, (2 · 3/2 · 3)² = 81 in 2-D, and each
    /// output passes through at most K + 16 roundings (the chain over K channels, the adds and
    /// halvings of the three transforms).
    func testMatchesTheDirectSum() {
        for (i, t) in Self.cases.enumerated() {
            let got = t.winograd(), (expected, magnitude) = t.direct()
            let bound = 81 * Double(t.c + 16) * Double(Float.ulpOfOne)
            for j in got.indices {
                XCTAssertLessThanOrEqual(Swift.abs(Double(got[j]) - expected[j]), bound * magnitude[j] + 1e-30,
                                         "case \(i) element \(j): \(got[j]) vs \(expected[j])")
            }
        }
    }

    /// By hand: one channel, a 2 × 2 input [1 2; 3 4], the kernel with 1 at its centre and 2 on
    /// its right: y(i, j) = x(i, j) + 2·x(i, j + 1) → [5 2; 11 4] (the halvings of G are exact).
    func testHandComputed() {
        let weight: [Float] = [0, 0, 0, 0, 1, 2, 0, 0, 0]
        let t = Case(n: 1, c: 1, m: 1, h: 2, w: 2, seed: 0)
        let exact = Case(copying: t, x: [1, 2, 3, 4], weight: weight, bias: [0])
        XCTAssertEqual(exact.winograd(), [5, 2, 11, 4])
    }

    func testSameBitsOnEveryKernelAndThreadCount() {
        for t in Self.cases {
            let reference = with(.portable) { with(threads: 1) { t.winograd() } }
            for kernel in GEMMKernel.available {
                for threads in [1, 2, 3] {
                    assertSameBits(with(kernel) { with(threads: threads) { t.winograd() } }, reference,
                                   "\(kernel.rawValue) on \(threads) threads, C \(t.c) M \(t.m) \(t.h)×\(t.w)")
                }
            }
        }
    }

    /// dWeight by the adjoint transforms (dM = A dY Aᵀ, 16 GEMMs over the tiles, Gᵀ dU G) against
    /// the direct Σ_positions dY·x in Double, within 81 · (T + 16) · ε · Σ|dY·x|, the bound above
    /// with the chain over T tiles in place of the one over K channels.
    func testWeightGradientMatchesTheDirectSum() {
        for (i, t) in Self.cases.enumerated() {
            let wino = WinogradConvolution(t.geometry, samples: t.n)!
            let g = Generator(seed: 40 + UInt64(i))
            let dOutput = (0..<(t.n * t.m * t.h * t.w)).map { _ in g.uniform(-1, 1) }
            var v = [Float](repeating: .nan, count: wino.inputCount)
            var dm = [Float](repeating: .nan, count: wino.productCount(channels: t.m))
            var du = [Float](repeating: 0, count: 16 * t.m * t.c)
            var dWeight = [Float](repeating: 0, count: t.m * t.c * 9)
            wino.transformInput(t.x, sampleStride: t.c * t.h * t.w, into: &v, parallel: true)
            wino.transformOutputGradient(dOutput, channels: t.m, into: &dm, parallel: true)
            let tiles = wino.tiles
            for xi in 0..<16 {
                dm.withUnsafeBufferPointer { a in v.withUnsafeBufferPointer { b in du.withUnsafeMutableBufferPointer { c in
                    gemm(.none, .transposed, m: t.m, n: t.c, k: tiles, a: a.baseAddress! + xi * t.m * tiles, lda: tiles,
                         b: b.baseAddress! + xi * t.c * tiles, ldb: tiles, beta: 1, c: c.baseAddress! + xi * t.m * t.c, ldc: t.c)
                }}}
            }
            WinogradConvolution.addWeightGradient(du, outChannels: t.m, inChannels: t.c, into: &dWeight)
            let bound = 81 * Double(tiles + 16) * Double(Float.ulpOfOne)
            for o in 0..<t.m { for ch in 0..<t.c { for ki in 0..<3 { for kj in 0..<3 {
                var sum = 0.0, magnitude = 0.0
                for s in 0..<t.n { for y in 0..<t.h { for x in 0..<t.w {
                    let iy = y - 1 + ki, ix = x - 1 + kj
                    guard iy >= 0 && iy < t.h && ix >= 0 && ix < t.w else { continue }
                    let term = Double(dOutput[((s * t.m + o) * t.h + y) * t.w + x]) * Double(t.x[((s * t.c + ch) * t.h + iy) * t.w + ix])
                    sum += term; magnitude += Swift.abs(term)
                }}}
                let got = Double(dWeight[((o * t.c + ch) * 3 + ki) * 3 + kj])
                XCTAssertLessThanOrEqual(Swift.abs(got - sum), bound * magnitude + 1e-30, "case \(i) dWeight[\(o), \(ch), \(ki), \(kj)]")
            }}}}
        }
    }

    /// U with eight input channels per vector equals U one channel at a time (G g Gᵀ as the
    /// adds and halvings written in the type's comment), bit for bit: 13 channels (a vector of 8
    /// and 5 alone), weights of every magnitude so each rounding shows.
    func testWeightTransformEqualsOneChannelAtATime() {
        let (m, c) = (3, 13)
        let g = Generator(seed: 21)
        let weight = (0..<(m * c * 9)).map { i -> Float in g.uniform(-1, 1) * Float(sign: .plus, exponent: i % 40 - 20, significand: 1) }
        var u = [Float](repeating: .nan, count: 16 * m * c)
        WinogradConvolution.transformWeight(weight, outChannels: m, inChannels: c, into: &u)
        func gTimes(_ g0: Float, _ g1: Float, _ g2: Float) -> [Float] { [g0, ((g0 + g1) + g2) * 0.5, ((g0 - g1) + g2) * 0.5, g2] }
        for o in 0..<m { for ch in 0..<c {
            let k = Array(weight[((o * c + ch) * 9)..<((o * c + ch) * 9 + 9)])
            let t = (0..<3).map { j in gTimes(k[j], k[3 + j], k[6 + j]) }  // column j of G g
            for i in 0..<4 {
                let row = gTimes(t[0][i], t[1][i], t[2][i])
                for j in 0..<4 {
                    XCTAssertEqual(u[((i * 4 + j) * m + o) * c + ch].bitPattern, row[j].bitPattern, "U[\(i * 4 + j)][\(o), \(ch)]")
                }
            }
        }}
    }

    /// The AVX-512 input transform (16 tiles at a time) against the Swift loop, its definition,
    /// bit for bit: planes from 1 × 1 to 33 × 40 (tile rows of 1 to 20, two 16-tile blocks), odd
    /// sizes, and inputs with −0 and magnitudes from 2⁻²⁰ to 2²⁰ so every rounding shows.
    func testVectorInputTransformEqualsTheLoop() throws {
        guard dl_winograd_input_supported(GEMMKernel.avx512.code) != 0 else {
            throw XCTSkip("no AVX-512 here: the loop is the only input transform")
        }
        let g = Generator(seed: 31)
        for (n, c, h, w) in [(1, 1, 1, 1), (2, 3, 4, 4), (3, 2, 8, 8), (2, 5, 7, 9), (1, 2, 32, 32), (2, 3, 33, 40), (1, 4, 16, 31)] {
            let x = (0..<(n * c * h * w)).map { i -> Float in
                i % 11 == 0 ? -0.0 : g.uniform(-1, 1) * Float(sign: .plus, exponent: i % 41 - 20, significand: 1)
            }
            let wino = WinogradConvolution(ConvGeometry(channels: c, height: h, width: w, kernel: (3, 3), padding: (1, 1)), samples: n)!
            var loop = [Float](repeating: .nan, count: wino.inputCount), vector = loop
            wino.transformInput(x, sampleStride: c * h * w, into: &loop, parallel: false, kernel: .portable)
            for threads in [1, 3] {
                with(threads: threads) { wino.transformInput(x, sampleStride: c * h * w, into: &vector, parallel: true, kernel: .avx512) }
                assertSameBits(vector, loop, "n \(n), C \(c), \(h)×\(w), \(threads) threads")
            }
        }
    }

    /// The AVX-512 output transform (with and without bias) and its adjoint against the Swift
    /// loops, bit for bit, on the same planes and values.
    func testVectorOutputTransformsEqualTheLoops() throws {
        guard dl_winograd_output_supported(GEMMKernel.avx512.code) != 0 else {
            throw XCTSkip("no AVX-512 here: the loops are the only output transforms")
        }
        let g = Generator(seed: 32)
        func values(_ count: Int) -> [Float] {
            (0..<count).map { i in i % 13 == 0 ? -0.0 : g.uniform(-1, 1) * Float(sign: .plus, exponent: i % 41 - 20, significand: 1) }
        }
        for (n, m, h, w) in [(1, 1, 1, 1), (2, 3, 4, 4), (3, 2, 8, 8), (2, 5, 7, 9), (1, 2, 32, 32), (2, 3, 33, 40), (1, 4, 16, 31)] {
            let wino = WinogradConvolution(ConvGeometry(channels: m, height: h, width: w, kernel: (3, 3), padding: (1, 1)), samples: n)!
            let product = values(wino.productCount(channels: m)), bias = values(m), dOutput = values(n * m * h * w)
            for b in [nil, bias] {
                var loop = [Float](repeating: .nan, count: n * m * h * w), vector = loop
                let bp = b?.withUnsafeBufferPointer { $0.baseAddress! }
                wino.transformOutput(product, channels: m, bias: bp, into: &loop, parallel: false, kernel: .portable)
                wino.transformOutput(product, channels: m, bias: bp, into: &vector, parallel: true, kernel: .avx512)
                assertSameBits(vector, loop, "output, n \(n), M \(m), \(h)×\(w), bias \(b != nil)")
            }
            var loop = [Float](repeating: .nan, count: wino.productCount(channels: m)), vector = loop
            wino.transformOutputGradient(dOutput, channels: m, into: &loop, parallel: false, kernel: .portable)
            wino.transformOutputGradient(dOutput, channels: m, into: &vector, parallel: true, kernel: .avx512)
            assertSameBits(vector, loop, "output gradient, n \(n), M \(m), \(h)×\(w)")
        }
    }

    func testRefusesOtherGeometries() {
        XCTAssertNil(WinogradConvolution(ConvGeometry(channels: 4, height: 8, width: 8, kernel: (3, 3), stride: (2, 2), padding: (1, 1)), samples: 1))
        XCTAssertNil(WinogradConvolution(ConvGeometry(channels: 4, height: 8, width: 8, kernel: (3, 3)), samples: 1))
        XCTAssertNil(WinogradConvolution(ConvGeometry(channels: 4, height: 8, width: 8, kernel: (5, 5), padding: (2, 2)), samples: 1))
    }
}

extension WinogradConvolutionTests.Case {
    init(copying t: Self, x: [Float], weight: [Float], bias: [Float]) {
        (n, c, m, h, w) = (t.n, t.c, t.m, t.h, t.w)
        (self.x, self.weight, self.bias) = (x, weight, bias)
    }
}
