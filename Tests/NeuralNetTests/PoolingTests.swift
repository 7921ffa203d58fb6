import XCTest
import Tensors
@testable import NeuralNet

final class PoolingTests: XCTestCase {
    /// Distinct values 0.05 apart in shuffled order: no two elements of a max-pool window are
    /// within the gradient check's ε of each other, and none is near 0.
    func separatedTensor(_ shape: Shape, seed: UInt64 = 1) -> Tensor {
        let order = Generator(seed: seed).permutation(shape.count)
        return Tensor(shape: shape, values: order.map { Float($0 - shape.count / 2) * 0.05 + 0.025 })
    }

    func testMaxPool2dHandComputed() {
        let x = Tensor(shape: [1, 1, 4, 4], values: [
            1, 5, 2, 0,
            3, 4, 8, 7,
            9, 6, 1, 1,
            2, 0, 3, 4,
        ])
        let pool = MaxPool2d(kernel: 2)
        let y = pool.forward(x, .evaluation)
        XCTAssertEqual(y.shape, [1, 1, 2, 2])
        XCTAssertEqual(y.array, [5, 8, 9, 4])
        let dInput = pool.backward(Tensor(shape: [1, 1, 2, 2], values: [1, 2, 3, 4]), .inputOnly)
        XCTAssertEqual(dInput.array, [
            0, 1, 0, 0,
            0, 0, 2, 0,
            3, 0, 0, 0,
            0, 0, 0, 4,
        ])
    }

    /// The unrolled 2 × 2 stride-2 kernel against the loop over any window: the same maxima and
    /// argmaxes bit for bit, on planes with odd sides (the last row and column dropped), rows of
    /// fewer and more than eight windows (scalar tails, and vector tails overlapping the windows
    /// before them), values
    /// from a handful of levels (many ties, ±0 among them) and NaNs.
    func testTwoByTwoKernelEqualsAnyWindowLoop() {
        let generator = Generator(seed: 7)
        for (h, w) in [(2, 2), (5, 7), (24, 24), (9, 4), (6, 35)] {
            let planes = 3
            let levels: [Float] = [-1, -0.0, 0, 2, 2, .nan]
            let x = Tensor(shape: [planes, h, w], values: (0..<(planes * h * w)).map { _ in
                levels[Int(generator.next() % UInt64(levels.count))] })
            let g = ConvGeometry(channels: 1, height: h, width: w, kernel: (2, 2), stride: (2, 2))
            let count = planes * g.outputHeight * g.outputWidth
            var (yLoop, yUnrolled) = ([Float](repeating: 9, count: count), [Float](repeating: 9, count: count))
            var (iLoop, iUnrolled) = ([Int32](repeating: -1, count: count), [Int32](repeating: -1, count: count))
            MaxPoolKernel.forwardAnyWindow(g, planes: 0..<planes, input: x.data, output: &yLoop, argmax: &iLoop)
            MaxPoolKernel.forwardTwoByTwo(planes: 0..<planes, height: h, width: w, input: x.data,
                                          output: &yUnrolled, argmax: &iUnrolled)
            XCTAssertEqual(yUnrolled.map(\.bitPattern), yLoop.map(\.bitPattern), "\(h)×\(w)")
            XCTAssertEqual(iUnrolled, iLoop, "\(h)×\(w)")
            XCTAssertTrue(yLoop.contains { $0.isNaN } && iLoop.allSatisfy { $0 >= 0 })
        }
    }

    func testMaxPoolFirstMaximumWinsTiesAndOverlapsAdd() {
        // Two windows (kernel 2, stride 1) over [7, 7, 7]: both pick their first 7.
        let pool = MaxPool1d(kernel: 2, stride: 1)
        let y = pool.forward(Tensor(shape: [1, 1, 3], values: [7, 7, 7]), .evaluation)
        XCTAssertEqual(y.array, [7, 7])
        XCTAssertEqual(pool.backward(Tensor(shape: [1, 1, 2], values: [1, 10]), .inputOnly).array, [1, 10, 0])
        // Overlapping windows sharing a maximum add their gradients there.
        _ = pool.forward(Tensor(shape: [1, 1, 3], values: [1, 9, 2]), .evaluation)
        XCTAssertEqual(pool.backward(Tensor(shape: [1, 1, 2], values: [1, 10]), .inputOnly).array, [0, 11, 0])
    }

    func testMaxPool1dHandComputedWithFloorSize() {
        let pool = MaxPool1d(kernel: 3)
        let x = Tensor(shape: [1, 2, 7], values: [1, 3, 2, 6, 4, 5, 9,  -1, -3, -2, 0, 8, 8, 1])
        let y = pool.forward(x, .evaluation)
        XCTAssertEqual(y.shape, [1, 2, 2])  // the last element of each row is dropped
        XCTAssertEqual(y.array, [3, 6, -1, 8])
        XCTAssertEqual(pool.backward(Tensor(repeating: 1, shape: [1, 2, 2]), .inputOnly).array,
                       [0, 1, 0, 1, 0, 0, 0,  1, 0, 0, 0, 1, 0, 0])
    }

    func testAvgPool2dHandComputed() {
        let x = Tensor(shape: [1, 1, 5, 5], values: (0..<25).map(Float.init))
        let pool = AvgPool2d(kernel: 2)
        let y = pool.forward(x, .evaluation)
        XCTAssertEqual(y.shape, [1, 1, 2, 2])
        XCTAssertEqual(y.array, [3, 5, 13, 15])  // (0 + 1 + 5 + 6) / 4, …
        let dInput = pool.backward(Tensor(shape: [1, 1, 2, 2], values: [4, 8, 12, 16]), .inputOnly)
        XCTAssertEqual(Array(dInput.array[0..<5]), [1, 1, 2, 2, 0])
        XCTAssertEqual(Array(dInput.array[20..<25]), [0, 0, 0, 0, 0])
        XCTAssertEqual(AvgPool2d(kernel: 3, stride: 2).outputShape(for: [2, 3, 7, 8]), [2, 3, 3, 3])
    }

    func testGlobalAvgPoolAnyRank() {
        let pool = GlobalAvgPool()
        let x = Tensor(shape: [2, 2, 2, 2], values: [1, 2, 3, 4,  0, 0, 0, 4,  -1, -1, -1, -1,  8, 0, 0, 0])
        XCTAssertEqual(pool.forward(x, .evaluation).array, [2.5, 1, -1, 2])
        XCTAssertEqual(pool.backward(Tensor(shape: [2, 2], values: [4, 8, 0, -4]), .inputOnly).array,
                       [1, 1, 1, 1,  2, 2, 2, 2,  0, 0, 0, 0,  -1, -1, -1, -1])
        XCTAssertEqual(pool.outputShape(for: [3, 5, 7]), [3, 5])
        XCTAssertEqual(pool.outputShape(for: [3, 5, 2, 3, 4]), [3, 5])
        XCTAssertEqual(pool.forward(Tensor(shape: [1, 1, 3], values: [1, 2, 6]), .evaluation).array, [3])
    }

    func testOutputShapesAndDefaultStride() {
        let pool = MaxPool2d(kernel: 3)
        XCTAssertEqual(pool.stride, 3)
        XCTAssertEqual(pool.outputShape(for: [4, 8, 10, 11]), [4, 8, 3, 3])
        XCTAssertEqual(MaxPool2d(kernel: 2, stride: 1).outputShape(for: [1, 1, 4, 4]), [1, 1, 3, 3])
        XCTAssertEqual(MaxPool1d(kernel: 2).outputShape(for: [2, 3, 9]), [2, 3, 4])
        XCTAssertTrue(MaxPool2d(kernel: 2).state.isEmpty)
    }

    func testGradientChecks() {
        for mode in [Mode.training, .evaluation] {
            GradientCheck().check(MaxPool2d(kernel: 2), input: separatedTensor([2, 3, 5, 4]), mode: mode)
            GradientCheck().check(MaxPool2d(kernel: 3, stride: 2), input: separatedTensor([2, 2, 7, 7], seed: 2), mode: mode)
            GradientCheck().check(MaxPool1d(kernel: 3, stride: 2), input: separatedTensor([2, 3, 9], seed: 3), mode: mode)
            GradientCheck().check(AvgPool2d(kernel: 2), input: randomTensor([2, 3, 5, 4], margin: 0.1), mode: mode)
            GradientCheck().check(AvgPool2d(kernel: 3, stride: 1), input: randomTensor([1, 2, 5, 5], margin: 0.1), mode: mode)
            GradientCheck().check(GlobalAvgPool(), input: randomTensor([2, 3, 4, 3], margin: 0.1), mode: mode)
            GradientCheck().check(GlobalAvgPool(), input: randomTensor([3, 2, 5], margin: 0.1), mode: mode)
        }
    }

    /// A batch large enough to split across threads gives the same result as a serial per-plane loop.
    func testParallelPlanesMatchSmallBatches() {
        let x = separatedTensor([8, 16, 16, 16], seed: 4)
        for layer in [MaxPool2d(kernel: 2), AvgPool2d(kernel: 2)] as [Layer] {
            let y = layer.forward(x, .evaluation)
            let dOutput = randomTensor(y.shape, seed: 5)
            let dInput = layer.backward(dOutput, .inputOnly)
            for s in [0, 7] {
                XCTAssertEqual(layer.forward(x.items(s..<(s + 1)), .evaluation).array, y.items(s..<(s + 1)).array)
                XCTAssertEqual(layer.backward(dOutput.items(s..<(s + 1)), .inputOnly).array,
                               dInput.items(s..<(s + 1)).array)
            }
        }
    }
}
