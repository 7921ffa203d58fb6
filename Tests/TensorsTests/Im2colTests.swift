import XCTest
import Tensors

final class Im2colTests: XCTestCase {
    /// im2col by its definition: col[(c, ki, kj), s·P + oy·OW + ox] = x[s, c, oy·SH − PH + ki, ox·SW − PW + kj].
    func naiveColumns(_ g: ConvGeometry, _ x: [Float], samples n: Int) -> [Float] {
        let p = g.outputPlane
        var col = [Float](repeating: .nan, count: g.rows * n * p)
        for s in 0..<n { for c in 0..<g.channels { for ki in 0..<g.kernelHeight { for kj in 0..<g.kernelWidth {
            let r = (c * g.kernelHeight + ki) * g.kernelWidth + kj
            for oy in 0..<g.outputHeight { for ox in 0..<g.outputWidth {
                let iy = oy * g.strideHeight - g.padHeight + ki, ix = ox * g.strideWidth - g.padWidth + kj
                let inside = iy >= 0 && iy < g.height && ix >= 0 && ix < g.width
                col[r * n * p + s * p + oy * g.outputWidth + ox] =
                    inside ? x[((s * g.channels + c) * g.height + iy) * g.width + ix] : 0
            }}
        }}}}
        return col
    }

    func random(_ n: Int, seed: UInt64) -> [Float] {
        let g = Generator(seed: seed)
        return (0..<n).map { _ in g.uniform(-1, 1) }
    }

    /// (samples, C, H, W, KH, KW, stride, padding): odd sizes, strides, paddings, a 1×5 kernel,
    /// windows lying wholly in the padding, 1×1 and 3×1 kernels (contiguous rows), and one case
    /// big enough to run in parallel.
    let cases: [(Int, Int, Int, Int, (Int, Int), (Int, Int), (Int, Int))] = [
        (1, 1, 3, 3, (2, 2), (1, 1), (0, 0)),
        (3, 2, 5, 7, (3, 3), (2, 2), (1, 1)),
        (2, 3, 4, 9, (1, 5), (1, 1), (0, 2)),
        (2, 2, 1, 2, (3, 3), (2, 2), (1, 1)),
        (2, 4, 6, 6, (1, 1), (1, 1), (0, 0)),
        (2, 3, 7, 5, (1, 1), (2, 2), (0, 0)),
        (1, 2, 1, 11, (1, 3), (1, 2), (0, 1)),
        (2, 3, 5, 4, (3, 1), (1, 1), (1, 0)),
        (2, 8, 16, 16, (3, 3), (1, 1), (1, 1)),
    ]

    func geometry(_ t: (Int, Int, Int, Int, (Int, Int), (Int, Int), (Int, Int))) -> ConvGeometry {
        ConvGeometry(channels: t.1, height: t.2, width: t.3, kernel: t.4, stride: t.5, padding: t.6)
    }

    func testHandComputed3x3With2x2Kernel() {
        let g = ConvGeometry(channels: 1, height: 3, width: 3, kernel: (2, 2))
        XCTAssertEqual([g.outputHeight, g.outputWidth, g.rows], [2, 2, 4])
        let x: [Float] = [1, 2, 3, 4, 5, 6, 7, 8, 9]
        var col = [Float](repeating: .nan, count: 16)
        im2col(g, input: x, samples: 1, columns: &col)
        XCTAssertEqual(col, [1, 2, 4, 5,  2, 3, 5, 6,  4, 5, 7, 8,  5, 6, 8, 9])
    }

    func testPaddingWritesZeros() {
        // 1×1×2×2 input, 3×3 kernel, padding 1 → 2×2 output; row (ki=0, kj=0) sees x[-1+oy, -1+ox].
        let g = ConvGeometry(channels: 1, height: 2, width: 2, kernel: (3, 3), padding: (1, 1))
        var col = [Float](repeating: .nan, count: 9 * 4)
        im2col(g, input: [1, 2, 3, 4], samples: 1, columns: &col)
        XCTAssertEqual(Array(col[0..<4]), [0, 0, 0, 1])
        XCTAssertEqual(Array(col[16..<20]), [1, 2, 3, 4])  // centre tap
        XCTAssertEqual(Array(col[32..<36]), [4, 0, 0, 0])
    }

    func testMatchesDefinition() {
        for (i, t) in cases.enumerated() {
            let g = geometry(t), n = t.0
            let x = random(n * g.inputCount, seed: UInt64(i))
            for parallel in [true, false] {
                var col = [Float](repeating: .nan, count: g.rows * n * g.outputPlane)
                im2col(g, input: x, samples: n, columns: &col, parallel: parallel)
                XCTAssertEqual(col, naiveColumns(g, x, samples: n), "case \(i): \(t), parallel \(parallel)")
            }
        }
    }

    /// col2im is im2col's adjoint: ⟨im2col(x), c⟩ = ⟨x, col2im(c)⟩ for every x and c — and it
    /// overwrites its output rather than adding to it.
    func testCol2imIsTheAdjoint() {
        for (i, t) in cases.enumerated() {
            let g = geometry(t), n = t.0
            let x = random(n * g.inputCount, seed: UInt64(10 + i))
            let c = random(g.rows * n * g.outputPlane, seed: UInt64(20 + i))
            var col = [Float](repeating: 0, count: c.count)
            im2col(g, input: x, samples: n, columns: &col)
            var back = [Float](repeating: .nan, count: x.count)
            col2im(g, columns: c, samples: n, input: &back)
            let lhs = zip(col, c).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
            let rhs = zip(x, back).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
            XCTAssertEqual(lhs, rhs, accuracy: 1e-4 * max(1, abs(lhs)), "case \(i): \(t)")
            // Per element: back[j] = Σ of c over the entries im2col copies x[j] to. Lowering
            // x = j + 1 tags every entry with its source (0 marks padding).
            let tags = naiveColumns(g, (0..<x.count).map { Float($0 + 1) }, samples: n)
            var expected = [Double](repeating: 0, count: x.count)
            for (tag, v) in zip(tags, c) where tag > 0 { expected[Int(tag) - 1] += Double(v) }
            for j in 0..<x.count { XCTAssertEqual(Double(back[j]), expected[j], accuracy: 1e-5, "case \(i) [\(j)]") }
        }
    }

    /// More shapes: padding/stride mixes around the edges, taps wholly in the padding on one
    /// side, ResNet's 4×4 and 1×1 stride-2 cases.
    let edgeCases: [(Int, Int, Int, Int, (Int, Int), (Int, Int), (Int, Int))] = [
        (2, 3, 4, 4, (3, 3), (1, 1), (1, 1)),
        (2, 2, 8, 8, (3, 3), (2, 2), (1, 1)),
        (2, 2, 8, 8, (1, 1), (2, 2), (0, 0)),
        (1, 2, 3, 5, (5, 5), (1, 1), (2, 2)),
        (1, 1, 2, 3, (3, 3), (1, 1), (3, 3)),
        (2, 2, 7, 9, (3, 2), (3, 2), (2, 1)),
        (1, 1, 1, 1, (1, 1), (1, 1), (0, 0)),
        (2, 2, 5, 5, (1, 3), (1, 1), (0, 0)),
        (2, 2, 5, 5, (1, 1), (1, 1), (1, 1)),
        // Rows of 8, 6 (4 + 2), 11, 8 and 7 at stride 2: the row kernels' vector steps and tails.
        (2, 3, 8, 8, (3, 3), (1, 1), (1, 1)),
        (1, 2, 6, 6, (3, 3), (1, 1), (1, 1)),
        (1, 2, 11, 11, (3, 3), (1, 1), (1, 1)),
        (1, 2, 16, 16, (3, 3), (2, 2), (1, 1)),
        (1, 2, 13, 13, (3, 3), (2, 2), (1, 1)),
    ]

    /// Values that make a changed order or a lost sign visible: −0, +0, large and tiny numbers.
    func awkward(_ n: Int, seed: UInt64) -> [Float] {
        let g = Generator(seed: seed)
        let specials: [Float] = [-0.0, 0, 1e30, -1e30, 1e-30, 3, -2.5e-8]
        return (0..<n).map { i in i % 5 == 0 ? specials[(i / 5) % specials.count] : g.uniform(-1, 1) * 1e4 }
    }

    /// im2col and col2im give exactly the bits of their element-by-element definitions, on
    /// values where a lost −0 or another order of col2im's adds would show.
    func testLoweringEqualsTheDefinitionsBitForBit() {
        for (i, t) in (cases + edgeCases).enumerated() {
            let g = geometry(t), n = t.0
            let x = awkward(n * g.inputCount, seed: UInt64(30 + i))
            let c = awkward(g.rows * n * g.outputPlane, seed: UInt64(60 + i))
            let expectedColumns = naiveColumns(g, x, samples: n)
            var expectedBack = [Float](repeating: .nan, count: x.count)
            col2imReference(g, columns: c, samples: n, input: &expectedBack)
            for parallel in [true, false] {
                var col = [Float](repeating: .nan, count: c.count)
                im2col(g, input: x, samples: n, columns: &col, parallel: parallel)
                XCTAssertEqual(col.map(\.bitPattern), expectedColumns.map(\.bitPattern), "im2col case \(i): \(t)")
                var back = [Float](repeating: .nan, count: x.count)
                col2im(g, columns: c, samples: n, input: &back, parallel: parallel)
                XCTAssertEqual(back.map(\.bitPattern), expectedBack.map(\.bitPattern), "col2im case \(i): \(t)")
            }
        }
    }

    func testCol2imHandComputed() {
        // 3×3 input, 2×2 kernel: centre x[1,1] appears in all 4 windows, corners in one.
        let g = ConvGeometry(channels: 1, height: 3, width: 3, kernel: (2, 2))
        let ones = [Float](repeating: 1, count: 16)
        var back = [Float](repeating: .nan, count: 9)
        col2im(g, columns: ones, samples: 1, input: &back)
        XCTAssertEqual(back, [1, 2, 1, 2, 4, 2, 1, 2, 1])
    }

    func testOutputSizes() {
        let g = ConvGeometry(channels: 3, height: 32, width: 31, kernel: (3, 3), stride: (2, 2), padding: (1, 1))
        XCTAssertEqual([g.outputHeight, g.outputWidth, g.rows, g.inputCount], [16, 16, 27, 3 * 32 * 31])
        XCTAssertFalse(ConvGeometry(channels: 1, height: 2, width: 2, kernel: (5, 5), padding: (1, 1)).fits)
    }
}
