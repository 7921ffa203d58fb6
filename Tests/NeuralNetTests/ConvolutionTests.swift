import XCTest
import Tensors
@testable import NeuralNet

final class ConvolutionTests: XCTestCase {
    /// Asserts max |a − b| ≤ 1e-4 · max(1, max |b|).
    func assertClose(_ a: Tensor, _ b: Tensor, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.shape, b.shape, what, file: file, line: line)
        let scale = max(1, (0..<b.count).reduce(Float(0)) { max($0, abs(b.data[$1])) })
        XCTAssertLessThanOrEqual(a.maxAbsDifference(b), 1e-4 * scale, what, file: file, line: line)
    }

    /// Runs forward and backward of `layer` and compares output and all three gradients to the
    /// direct-loop reference.
    func compareToReference(_ layer: Layer, weight: Parameter, bias: Parameter?, input x: Tensor,
                            stride: (Int, Int), padding: (Int, Int), _ what: String) {
        let y = layer.forward(x, .evaluation)
        assertClose(y, ConvolutionReference.forward(input: x, weight: weight.value, bias: bias?.value,
                                                    stride: stride, padding: padding), "\(what) output")
        let dOutput = randomTensor(y.shape, seed: 8)
        weight.grad.fill(0); bias?.grad.fill(0)
        let dInput = layer.backward(dOutput, .training)
        let ref = ConvolutionReference.backward(input: x, weight: weight.value, dOutput: dOutput,
                                                stride: stride, padding: padding)
        assertClose(dInput, ref.dInput, "\(what) dInput")
        assertClose(weight.grad, ref.dWeight, "\(what) dWeight")
        if let bias { assertClose(bias.grad, ref.dBias, "\(what) dBias") }
    }

    /// (N, C, OC, H, W, kernel, stride, padding). Batches of 9 run split across cores, and
    /// R = C·KH·KW ≤ OC and R > OC take the two layouts of the dWeight GEMM.
    let configurations: [(Int, Int, Int, Int, Int, (Int, Int), (Int, Int), (Int, Int))] = [
        (1, 1, 1, 3, 3, (2, 2), (1, 1), (0, 0)),
        (3, 2, 4, 7, 5, (3, 3), (1, 1), (1, 1)),
        (3, 3, 2, 9, 8, (3, 3), (2, 2), (1, 1)),
        (1, 1, 5, 6, 11, (1, 5), (1, 1), (0, 2)),
        (3, 4, 3, 5, 5, (1, 1), (2, 2), (0, 0)),
        (3, 4, 6, 4, 4, (1, 1), (1, 1), (0, 0)),
        (1, 2, 3, 6, 6, (5, 5), (3, 3), (2, 2)),
        (2, 16, 8, 8, 8, (3, 3), (1, 1), (1, 1)),
        (9, 2, 8, 5, 5, (1, 1), (1, 1), (0, 0)),
        (9, 3, 4, 6, 6, (3, 3), (2, 2), (1, 1)),
        // dInput as the transposed convolution on the wide grid (`transposedConvolutions`).
        (2, 16, 8, 16, 16, (3, 3), (1, 1), (1, 1)),
        (9, 16, 16, 18, 18, (3, 3), (1, 1), (1, 1)),
        (2, 16, 12, 20, 20, (3, 3), (1, 1), (0, 0)),
        (3, 17, 5, 3, 40, (1, 5), (1, 1), (0, 2)),
        // Forward by Winograd (≥ 64 channels, 3 × 3, stride 1, padding 1), partial tiles; then
        // with the transposed-convolution dInput too.
        (3, 64, 64, 5, 17, (3, 3), (1, 1), (1, 1)),
        (9, 64, 64, 16, 16, (3, 3), (1, 1), (1, 1)),
    ]
    /// The configurations whose dInput is the transposed convolution, not dColumns + col2im.
    let transposedConvolutions = [7, 10, 11, 12, 13, 14, 15]  // 14, 15 run Winograd first

    /// The configurations run by Winograd (forward, dInput, dWeight).
    let winogradConvolutions = [14, 15]

    func testWinogradIsChosenByGeometry() {
        let engine = ConvolutionEngine()
        for (i, t) in configurations.enumerated() {
            let g = ConvGeometry(channels: t.1, height: t.3, width: t.4, kernel: t.5, stride: t.6, padding: t.7)
            XCTAssertEqual(engine.usesWinograd(g, outChannels: t.2), winogradConvolutions.contains(i), "config \(i)")
        }
        // ResNet-18 w64's stride-1 layers do; w16's 64 × 8² does not.
        XCTAssertTrue(engine.usesWinograd(ConvGeometry(channels: 512, height: 4, width: 4, kernel: (3, 3), padding: (1, 1)), outChannels: 512))
        XCTAssertFalse(engine.usesWinograd(ConvGeometry(channels: 64, height: 8, width: 8, kernel: (3, 3), padding: (1, 1)), outChannels: 64))
    }

    /// Which layers take the transposed-convolution dInput: exactly those listed above.
    func testTransposedConvolutionIsChosenByGeometry() {
        let engine = ConvolutionEngine()
        for (i, t) in configurations.enumerated() {
            let g = ConvGeometry(channels: t.1, height: t.3, width: t.4, kernel: t.5, stride: t.6, padding: t.7)
            XCTAssertEqual(engine.transposedGeometry(g, outChannels: t.2) != nil, transposedConvolutions.contains(i),
                           "config \(i)")
        }
        // Widening layers (MNIST's conv2, 32 → 64) keep col2im.
        let widening = ConvGeometry(channels: 32, height: 26, width: 26, kernel: (3, 3))
        XCTAssertNil(engine.transposedGeometry(widening, outChannels: 64))
    }

    func testConv2dMatchesReference() {
        for (i, t) in configurations.enumerated() {
            for withBias in [true, false] {
                let layer = Conv2d(t.1, t.2, kernel: t.5, stride: t.6, padding: t.7, bias: withBias,
                                   generator: Generator(seed: UInt64(i)))
                compareToReference(layer, weight: layer.weight, bias: layer.bias,
                                   input: randomTensor([t.0, t.1, t.3, t.4], seed: UInt64(i)),
                                   stride: t.6, padding: t.7, "config \(i) bias \(withBias)")
            }
        }
    }

    func testConv1dMatchesReference() {
        // (N, C, OC, L, K, stride, padding)
        let cases = [(1, 1, 2, 9, 3, 1, 0), (3, 2, 4, 10, 5, 2, 2), (2, 3, 3, 7, 1, 1, 0), (3, 4, 2, 13, 4, 3, 1)]
        for (i, t) in cases.enumerated() {
            let layer = Conv1d(t.1, t.2, kernel: t.4, stride: t.5, padding: t.6, generator: Generator(seed: UInt64(i)))
            compareToReference(layer, weight: layer.weight, bias: layer.bias,
                               input: randomTensor([t.0, t.1, t.3], seed: UInt64(i)),
                               stride: (1, t.5), padding: (0, t.6), "Conv1d case \(i)")
        }
    }

    /// x = 1…9 as 3×3, w = [1 2; 3 4], b = 0.5; dOutput all ones.
    func testHandComputed3x3With2x2Kernel() {
        let layer = Conv2d(1, 1, kernel: 2, generator: Generator(seed: 0))
        layer.weight.value = Tensor(shape: [1, 1, 2, 2], values: [1, 2, 3, 4])
        layer.bias!.value.data[0] = 0.5
        let x = Tensor(shape: [1, 1, 3, 3], values: [1, 2, 3, 4, 5, 6, 7, 8, 9])
        let y = layer.forward(x, .evaluation)
        XCTAssertEqual(y.shape, [1, 1, 2, 2])
        XCTAssertEqual(y.array, [37.5, 47.5, 67.5, 77.5])  // e.g. 1·1 + 2·2 + 3·4 + 4·5 + 0.5
        let dInput = layer.backward(Tensor(repeating: 1, shape: [1, 1, 2, 2]), .training)
        XCTAssertEqual(dInput.array, [1, 3, 2, 4, 10, 6, 3, 7, 4])  // Σ of taps covering each pixel
        XCTAssertEqual(layer.weight.grad.array, [12, 16, 24, 28])   // Σ of each tap's window
        XCTAssertEqual(layer.bias!.grad.array, [4])
    }

    func testGradientCheck() {
        for mode in [Mode.training, .evaluation] {
            let conv2 = Conv2d(2, 3, kernel: (3, 2), stride: (2, 1), padding: (1, 1), generator: Generator(seed: 4))
            GradientCheck().check(conv2, input: randomTensor([2, 2, 5, 4]), mode: mode)
            let conv1 = Conv1d(3, 2, kernel: 3, stride: 2, padding: 1, generator: Generator(seed: 5))
            GradientCheck().check(conv1, input: randomTensor([2, 3, 8]), mode: mode)
        }
    }

    /// Parameter gradients add up over backward calls and are left alone for input-only passes,
    /// in one part or split across cores, with either dWeight GEMM layout.
    func testParameterGradientsAccumulateOrAreSkipped() {
        for (batch, outChannels, kernel) in [(2, 3, 3), (9, 3, 3), (9, 8, 1)] {
            let layer = Conv2d(2, outChannels, kernel: kernel, padding: kernel / 2, generator: Generator(seed: 1))
            let x = randomTensor([batch, 2, 4, 4])
            let dOutput = randomTensor([batch, outChannels, 4, 4], seed: 2)
            _ = layer.forward(x, .evaluation)
            let first = layer.backward(dOutput, .training)
            let once = (layer.weight.grad.copy(), layer.bias!.grad.copy())
            _ = layer.backward(dOutput, .training)
            for (grad, single) in [(layer.weight.grad, once.0), (layer.bias!.grad, once.1)] {
                for i in 0..<grad.count { XCTAssertEqual(grad.data[i], 2 * single.data[i], accuracy: 1e-5) }
            }
            let before = layer.weight.grad.copy()
            let inputOnly = layer.backward(dOutput, .inputOnly)
            XCTAssertEqual(layer.weight.grad.array, before.array)
            XCTAssertEqual(inputOnly.array, first.array)
        }
    }

    /// A batch split into many chunks and pieces gives what one sample at a time gives: on
    /// im2col and col2im (3 → 4 channels), on the wide grid with the transposed-convolution dInput
    /// (16 channels on 16²) and by Winograd (64 channels on 16², its own chunks of 16 samples).
    func testChunkedBatchMatchesOneSampleAtATime() {
        let layers: [(Conv2d, Shape)] = [
            (Conv2d(3, 4, kernel: 3, stride: 1, padding: 1, generator: Generator(seed: 6)), [37, 3, 5, 5]),
            (Conv2d(16, 16, kernel: 3, stride: 1, padding: 1, generator: Generator(seed: 7)), [37, 16, 16, 16]),
            (Conv2d(64, 64, kernel: 3, stride: 1, padding: 1, generator: Generator(seed: 8)), [37, 64, 16, 16]),
        ]
        for (layer, shape) in layers {
            let g = layer.geometry(shape)
            layer.engine.targetColumns = 100  // 4 samples per chunk on 5 × 5, 1 on 16 × 16
            XCTAssertLessThan(layer.engine.chunkSize(g, batch: 37), 37)
            let x = randomTensor(shape, seed: 3)
            let y = layer.forward(x, .evaluation)
            let dOutput = randomTensor(y.shape, seed: 4)
            let dInput = layer.backward(dOutput, .training)
            let batchGrad = (layer.weight.grad.copy(), layer.bias!.grad.copy())
            layer.weight.grad.fill(0); layer.bias!.grad.fill(0)
            for s in 0..<37 {
                let ys = layer.forward(x.items(s..<(s + 1)), .evaluation)
                assertClose(ys, y.items(s..<(s + 1)), "\(shape) output of sample \(s)")
                let ds = layer.backward(dOutput.items(s..<(s + 1)), .training)
                assertClose(ds, dInput.items(s..<(s + 1)), "\(shape) dInput of sample \(s)")
            }
            assertClose(layer.weight.grad, batchGrad.0, "\(shape) dWeight")
            assertClose(layer.bias!.grad, batchGrad.1, "\(shape) dBias")
        }
    }

    /// dInput by dColumns + col2im per sample and group of channels (planes of ≥ 256 outputs)
    /// against one dColumns for the whole chunk: the same bits, with groups of 2 channels of 5
    /// (a short last group), whole samples, and the batch in chunks of several samples.
    func testBlockedCol2imEqualsWholeChunkBitForBit() {
        let shape: Shape = [6, 5, 18, 18]  // 16 × 16 = 256 outputs per plane; 7 > 5 outputs: col2im
        let x = randomTensor(shape, seed: 11)
        func dInput(blockFloats: Int?) -> [UInt32] {
            let layer = Conv2d(5, 7, kernel: 3, generator: Generator(seed: 12))
            if let blockFloats { layer.engine.col2imBlockFloats = blockFloats } else { layer.engine.minBlockedCol2imPlane = .max }
            layer.engine.targetColumns = 600  // 3 samples per chunk
            XCTAssertNil(layer.engine.transposedGeometry(layer.geometry(shape), outChannels: 7))
            let y = layer.forward(x, .evaluation)
            return layer.backward(randomTensor(y.shape, seed: 13), .inputOnly).array.map(\.bitPattern)
        }
        let whole = dInput(blockFloats: nil)
        XCTAssertEqual(dInput(blockFloats: 2 * 9 * 256), whole, "groups of 2 channels")
        XCTAssertEqual(dInput(blockFloats: 1 << 16), whole, "whole samples")
    }

    /// dWeight on the wide grid reads dOutput from the transposed convolution's zero-bordered
    /// dOutput when dInput is computed too — for stride 1 its rows and samples lie as far apart
    /// as on dWeight's grid, HS′ = OH + KH − 1 − PH = H + PH — and from a grid of its own
    /// (`scatter`) without dInput: the same bits either way, over chunks of several samples.
    func testWideWeightGradientFromPaddedDOutputEqualsScatteredBitForBit() {
        for (c, oc, side, k, pad) in [(16, 16, 16, 3, 1), (16, 8, 20, 5, 2), (16, 12, 20, 3, 0)] {
            let shape: Shape = [7, c, side, side]
            let x = randomTensor(shape, seed: 21)
            func dWeight(_ options: BackwardOptions) -> [UInt32] {
                let layer = Conv2d(c, oc, kernel: k, padding: pad, generator: Generator(seed: 22))
                layer.engine.targetColumns = 3 * side * side  // chunks of 3 samples, a last one of 1
                let g = layer.geometry(shape)
                let gt = layer.engine.transposedGeometry(g, outChannels: oc)
                XCTAssertNotNil(gt, "\(k)×\(k) padding \(pad): dInput on the wide grid")
                let grid = WideConvolution(g, samples: 3)!, padded = WideConvolution(gt!, samples: 3)!
                XCTAssertNotNil(grid.gridOffset(in: padded), "\(k)×\(k) padding \(pad)")
                let y = layer.forward(x, .evaluation)
                layer.weight.grad.fill(0)
                _ = layer.backward(randomTensor(y.shape, seed: 23), options)
                return layer.weight.grad.array.map(\.bitPattern)
            }
            XCTAssertEqual(dWeight(.training), dWeight(BackwardOptions(inputGradient: false)),
                           "\(k)×\(k) padding \(pad)")
        }
    }

    /// A forward on small planes with the output channels in the lanes (`LanesConvolution`: 4²
    /// outputs, stride 1 and 2) equals, bit for bit, the route it replaced (implicit im2col, or
    /// the direct kernel on phases), plain and rectified, and the plane sums it hands BatchNorm
    /// are the ones BatchNorm's own pass computes from the output.
    func testLanesForwardEqualsTheOtherRoutesBitForBit() {
        for (shape, oc, stride) in [([5, 24, 4, 4], 40, 1), ([3, 12, 8, 8], 33, 2)] as [(Shape, Int, Int)] {
            let x = randomTensor(shape, seed: 41)
            for rectified in [false, true] {
                func forward(lanes: Bool) -> (output: Tensor, sums: PlaneSums) {
                    let layer = Conv2d(shape[1], oc, kernel: 3, stride: stride, padding: 1, generator: Generator(seed: 42))
                    if !lanes { layer.engine.maxLanesPlane = 0 }
                    let sums = PlaneSums(planes: shape[0] * oc)
                    return (layer.forward(x, .evaluation, rectified: rectified, planeSums: sums), sums)
                }
                let (lanes, other) = (forward(lanes: true), forward(lanes: false))
                let what = "\(shape) → \(oc), stride \(stride), rectified \(rectified)"
                XCTAssertEqual(lanes.output.array.map(\.bitPattern), other.output.array.map(\.bitPattern), what)
                // (The portable kernel has no lanes: both forwards then run implicit im2col.)
                XCTAssertEqual(lanes.sums.filled, GEMMKernel.active != .portable, what)
                guard lanes.sums.filled else { continue }
                let own = PlaneSums(planes: lanes.sums.planes)
                own.fill(lanes.output.data, s: lanes.output.count / lanes.sums.planes)
                XCTAssertEqual((0..<(3 * own.planes)).map { lanes.sums.triples[$0].bitPattern },
                               (0..<(3 * own.planes)).map { own.triples[$0].bitPattern }, what)
            }
        }
    }

    /// dWeight with the output channels in the lanes (`LanesWeightGradient`) equals, bit for bit,
    /// the route it replaced — the wide grid (32², 16 channels), im2col's columns as dWeightᵀ
    /// (OC < 128 and R > OC) or as dWeight (OC ≥ R) — on batches of several pieces, stride 1 and
    /// 2, added to a nonzero dWeight (so each piece's chain starts where that route starts it);
    /// 128 channels of 32² give one sample per call (the scratch's 1 MB), the chains continued.
    func testLanesWeightGradientEqualsTheOtherRoutesBitForBit() {
        for (shape, oc, stride) in [([9, 16, 32, 32], 16, 1), ([9, 8, 8, 8], 12, 1), ([9, 2, 6, 6], 40, 1),
                                    ([9, 4, 8, 8], 24, 2), ([9, 128, 32, 32], 8, 1)] as [(Shape, Int, Int)] {
            let x = randomTensor(shape, seed: 51)
            func dWeight(lanes: Bool) -> [UInt32] {
                let layer = Conv2d(shape[1], oc, kernel: 3, stride: stride, padding: 1, generator: Generator(seed: 52))
                layer.engine.lanesWeightGradient = lanes
                XCTAssertGreaterThan(layer.engine.pieces(batch: shape[0]), 1)
                let y = layer.forward(x, .evaluation)
                let start = randomTensor(layer.weight.shape, seed: 53)
                layer.weight.grad.data.update(from: start.data, count: start.count)
                _ = layer.backward(randomTensor(y.shape, seed: 54), .training)
                return layer.weight.grad.array.map(\.bitPattern)
            }
            XCTAssertEqual(dWeight(lanes: true), dWeight(lanes: false), "\(shape) → \(oc), stride \(stride)")
        }
    }

    /// On 4² planes dInput is the transposed convolution (dOutput ⋆ the flipped kernel, one chain
    /// per element) by `forward`: bit for bit that convolution by implicit im2col, with or without
    /// the lanes, through a ReLU as that ReLU's backward after; and close to the definition.
    func testSmallPlaneInputGradientIsTheTransposedConvolutionBitForBit() {
        let shape: Shape = [9, 24, 4, 4], oc = 40
        let layer = Conv2d(shape[1], oc, kernel: 3, padding: 1, bias: false, generator: Generator(seed: 61))
        let relu = ReLU()
        let x = relu.forward(randomTensor(shape, seed: 62), .evaluation)
        let y = layer.forward(x, .evaluation)
        let dOutput = randomTensor(y.shape, seed: 63)
        let dInput = layer.backward(dOutput, .training)
        let g = layer.geometry(shape)
        let gt = layer.engine.transposedGeometry(g, outChannels: oc, onWideGrid: false)!
        XCTAssertNil(layer.engine.transposedGeometry(g, outChannels: oc), "not on the wide grid")
        let flipped = layer.engine.flippedKernel(gt, weight: layer.weight.value.data, inChannels: shape[1])
        let plain = ConvolutionEngine()
        plain.maxLanesPlane = 0
        let want = Tensor(uninitialized: shape)
        plain.forward(gt, batch: shape[0], outChannels: shape[1], x: dOutput.data, weight: flipped, bias: nil, output: want.data)
        XCTAssertEqual(dInput.array.map(\.bitPattern), want.array.map(\.bitPattern))
        let reference = ConvolutionReference.backward(input: x, weight: layer.weight.value, dOutput: dOutput,
                                                      stride: (1, 1), padding: (1, 1))
        assertClose(dInput, reference.dInput, "4² dInput")
        _ = layer.forward(x, .evaluation)
        let fused = layer.backward(dOutput, .training, throughReLU: true)
        XCTAssertEqual(fused.array.map(\.bitPattern), relu.backward(want, .training).array.map(\.bitPattern), "through the ReLU")
    }

    /// dInput through the ReLU whose output is the input (`BasicBlock`'s conv2 after relu1) is
    /// that ReLU's backward of the plain dInput, bit for bit, on each route dInput takes: the
    /// wide grid's gather (which applies it), col2im and Winograd (a pass after).
    func testBackwardThroughReLUEqualsReLUBackwardAfterBitForBit() {
        for (shape, oc, route) in [([5, 16, 12, 12], 16, "wide grid"), ([5, 3, 9, 9], 4, "col2im"),
                                   ([3, 64, 16, 16], 64, "Winograd")] as [(Shape, Int, String)] {
            let layer = Conv2d(shape[1], oc, kernel: 3, padding: 1, generator: Generator(seed: 31))
            let g = layer.geometry(shape)
            // Winograd's dInput comes first; the others take the wide grid when it is allowed.
            XCTAssertEqual(layer.engine.usesWinograd(g, outChannels: oc), route == "Winograd", route)
            if route != "Winograd" {
                XCTAssertEqual(layer.engine.transposedGeometry(g, outChannels: oc) != nil, route == "wide grid", route)
            }
            let relu = ReLU()
            let x = relu.forward(randomTensor(shape, seed: 32), .evaluation)  // about half +0
            let y = layer.forward(x, .evaluation)
            let dOutput = randomTensor(y.shape, seed: 33)
            _ = layer.forward(x, .evaluation)
        let fused = layer.backward(dOutput, .training, throughReLU: true)
            let separate = relu.backward(layer.backward(dOutput, .training), .training)
            XCTAssertEqual(fused.array.map(\.bitPattern), separate.array.map(\.bitPattern), route)
            XCTAssertTrue(fused.array.contains(0) && fused.array.contains { $0 != 0 }, route)
        }
    }

    /// dBias with eight channels in the lanes of a vector: each channel's chain of Double sums is
    /// the one-channel definition's, bit for bit — 29 channels (two blocks of 8 summed side by
    /// side, a block of 8 alone and a tail of 5),
    /// from a nonzero dBias, on planes that start 1, 2^53, −2^53, where the order of the sum shows
    /// (1 + 2^53 rounds to 2^53, so the 1 is lost in order and kept in reverse).
    func testBiasGradientLanesEqualOneChannelChains() {
        let (batch, oc, p) = (3, 29, 37)
        var state: UInt32 = 7
        var dOutput = (0..<(batch * oc * p)).map { _ -> Float in
            state = state &* 1_664_525 &+ 1_013_904_223
            return Float(state >> 8) / 0x1p24 - 0.5
        }
        for o in 0..<oc { dOutput.replaceSubrange((o * p)..<(o * p + 3), with: [1, 0x1p53, -0x1p53]) }
        var dBias = (0..<oc).map { Float($0) * 0.25 }
        let before = dBias
        dOutput.withUnsafeBufferPointer { dy in
            ConvolutionEngine.addBiasGradient(batch: batch, outChannels: oc, plane: p, dOutput: dy.baseAddress!,
                                              into: &dBias)
            for o in 0..<oc {
                let expected = before[o] + Float(ConvolutionEngine.channelTotal(o, batch: batch, outChannels: oc,
                                                                                 plane: p, dy.baseAddress!))
                XCTAssertEqual(dBias[o].bitPattern, expected.bitPattern, "channel \(o)")
            }
            // The order matters on these values: summing the samples' planes in the other order differs somewhere.
            let reversed = (0..<oc).map { o -> Float in
                var total = 0.0
                for s in (0..<batch).reversed() {
                    var sum = 0.0
                    for i in (0..<p).reversed() { sum += Double(dy[(s * oc + o) * p + i]) }
                    total += sum
                }
                return before[o] + Float(total)
            }
            XCTAssertNotEqual(reversed.map(\.bitPattern), dBias.map(\.bitPattern))
        }
    }

    func testPyTorchNamesShapesAndInit() {
        let conv = Conv2d(1, 32, kernel: 3, generator: Generator(seed: 0))
        XCTAssertEqual(conv.weight.shape, [32, 1, 3, 3])
        XCTAssertEqual(conv.bias!.shape, [32])
        XCTAssertEqual(conv.state.map(\.name), ["weight", "bias"])
        XCTAssertEqual(conv.outputShape(for: [2, 1, 28, 28]), [2, 32, 26, 26])
        let strided = Conv2d(64, 128, kernel: 3, stride: 2, padding: 1, bias: false, generator: Generator(seed: 0))
        XCTAssertEqual(strided.state.map(\.name), ["weight"])
        XCTAssertEqual(strided.outputShape(for: [1, 64, 32, 32]), [1, 128, 16, 16])
        XCTAssertEqual([strided.inChannels, strided.outChannels], [64, 128])
        let conv1 = Conv1d(6, 16, kernel: 5, padding: 2, generator: Generator(seed: 0))
        XCTAssertEqual(conv1.weight.shape, [16, 6, 5])
        XCTAssertEqual(conv1.outputShape(for: [3, 6, 50]), [3, 16, 50])

        // U(−1/√fan_in, 1/√fan_in) drawn weight first, then bias, from the given generator.
        let g = Generator(seed: 42)
        let layer = Conv2d(2, 3, kernel: (1, 5), generator: g)
        let replay = Generator(seed: 42)
        let bound = 1 / Float(10).squareRoot()
        let expectedWeight = (0..<30).map { _ in replay.uniform(-bound, bound) }
        let expectedBias = (0..<3).map { _ in replay.uniform(-bound, bound) }
        XCTAssertEqual(layer.weight.value.array, expectedWeight)
        XCTAssertEqual(layer.bias!.value.array, expectedBias)
        XCTAssertEqual(g.next(), replay.next())
    }
}
