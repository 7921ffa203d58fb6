import XCTest
import Tensors
@testable import NeuralNet

final class SequentialTests: XCTestCase {
    func makeNet() -> Sequential {
        let g = Generator(seed: 1)
        return Sequential([
            ("fc1", Linear(4, 6, generator: g)), ("relu1", ReLU()),
            ("block", Sequential(numbered: [Linear(6, 6, generator: g), ReLU()])),
            ("fc2", Linear(6, 3, generator: g)),
        ])
    }

    /// A Conv2d followed by a ReLU, in a training or inference pass, runs as one pass (the
    /// convolution rectifies its chunks): output, dInput and parameter gradients have the bits of
    /// the layers run one by one; an evaluation pass that keeps activations still has the
    /// convolution's own output at its path.
    func testConvolutionThenReLUFusedEqualsLayerByLayer() {
        func layers() -> [(String, Layer)] {
            let g = Generator(seed: 5)
            return [("c1", Conv2d(2, 3, kernel: 3, padding: 1, generator: g)), ("r1", ReLU()),
                    ("c2", Conv2d(3, 4, kernel: 3, generator: g)), ("r2", ReLU())]
        }
        let x = randomTensor([5, 2, 9, 9], seed: 6)
        let training = ForwardContext(mode: .training)
        let net = Sequential(layers())
        let y = net.forward(x, training)
        let dOutput = randomTensor(y.shape, seed: 7)
        let dInput = net.backward(dOutput, .training)

        let oneByOne = layers().map(\.1)
        let expected = oneByOne.reduce(x) { $1.forward($0, training) }
        let expectedDInput = oneByOne.reversed().reduce(dOutput) { $1.backward($0, .training) }
        XCTAssertEqual(y.array.map(\.bitPattern), expected.array.map(\.bitPattern))
        XCTAssertTrue(y.array.contains(0), "some outputs rectified")
        XCTAssertEqual(dInput.array.map(\.bitPattern), expectedDInput.array.map(\.bitPattern))
        for (fused, plain) in zip(net.parameters, Sequential(zip(["c1", "r1", "c2", "r2"], oneByOne).map { ($0, $1) }).parameters) {
            XCTAssertEqual(fused.parameter.grad.array.map(\.bitPattern), plain.parameter.grad.array.map(\.bitPattern), fused.name)
        }
        XCTAssertEqual(net.forward(x, .inference).array.map(\.bitPattern), expected.array.map(\.bitPattern))

        _ = net.forward(x, .evaluation)
        XCTAssertTrue(net.activation(at: "c1").array.contains { $0 < 0 }, "the convolution's own output, not rectified")
    }

    /// A ReLU's backward computed inside the backward of the layer after it (`BackwardThroughReLU`:
    /// a convolution reading the ReLU's output, here through blocked col2im with 16² output
    /// planes; 2-D and 1-D max pooling, odd sides included) gives the bits of the layers run one
    /// by one; a pass stopping at the ReLU hands back the gradient w.r.t. its output, not fused.
    func testReLUBackwardInsideTheNextLayerEqualsLayerByLayer() {
        let cases: [(layers: () -> [(String, Layer)], input: Shape)] = [
            ({
                let g = Generator(seed: 11)
                return [("c1", Conv2d(2, 3, kernel: 3, generator: g)), ("r1", ReLU()),
                        ("c2", Conv2d(3, 4, kernel: 3, generator: g)), ("r2", ReLU()), ("pool", MaxPool2d(kernel: 2))]
            }, [3, 2, 20, 20]),
            ({
                let g = Generator(seed: 12)
                return [("c1", Conv2d(2, 3, kernel: 3, padding: 1, generator: g)), ("r1", ReLU()), ("pool", MaxPool2d(kernel: 2)),
                        ("flatten", Flatten()), ("fc", Linear(3 * 3 * 3, 2, generator: g))]
            }, [4, 2, 7, 7]),
            ({
                let g = Generator(seed: 13)
                return [("c1", Conv1d(2, 3, kernel: 3, generator: g)), ("r1", ReLU()), ("pool", MaxPool1d(kernel: 2)),
                        ("c2", Conv1d(3, 2, kernel: 2, generator: g))]
            }, [3, 2, 13]),
        ]
        for (index, (layers, shape)) in cases.enumerated() {
            let x = randomTensor(shape, seed: 20 + UInt64(index))
            let training = ForwardContext(mode: .training)
            let named = layers(), net = Sequential(named)
            let y = net.forward(x, training)
            let dOutput = randomTensor(y.shape, seed: 30 + UInt64(index))
            let dInput = net.backward(dOutput, .training)

            let oneByOne = layers().map(\.1)
            let expected = oneByOne.reduce(x) { $1.forward($0, training) }
            let expectedDInput = oneByOne.reversed().reduce(dOutput) { $1.backward($0, .training) }
            XCTAssertEqual(y.array.map(\.bitPattern), expected.array.map(\.bitPattern), "case \(index)")
            XCTAssertEqual(dInput.array.map(\.bitPattern), expectedDInput.array.map(\.bitPattern), "case \(index)")
            XCTAssertTrue(expectedDInput.array.contains(0) && expectedDInput.array.contains { $0 != 0 }, "case \(index)")
            let plain = Sequential(zip(named.map(\.0), oneByOne).map { ($0, $1) })
            for (fused, alone) in zip(net.parameters, plain.parameters) {
                XCTAssertEqual(fused.parameter.grad.array.map(\.bitPattern), alone.parameter.grad.array.map(\.bitPattern),
                               "case \(index) \(fused.name)")
            }
            // Stopping at the last ReLU: d(score)/d(its output), the pooling's or convolution's
            // dInput alone (an evaluation pass, as Grad-CAM's).
            let relu = named.last { $0.1 is ReLU }!.0
            let after = named.firstIndex { $0.0 == relu }! + 1
            let evaluation = net.forward(x, .evaluation)
            let stopped = net.backward(dOutput, .inputOnly, from: nil, stopAt: relu)
            _ = oneByOne.reduce(x) { $1.forward($0, .evaluation) }
            let alone = oneByOne[after...].reversed().reduce(dOutput) { $1.backward($0, .inputOnly) }
            XCTAssertEqual(evaluation.array.map(\.bitPattern), expected.array.map(\.bitPattern), "case \(index)")
            XCTAssertEqual(stopped.array.map(\.bitPattern), alone.array.map(\.bitPattern), "case \(index)")
            XCTAssertTrue(stopped.array.contains { $0 != 0 } && stopped.shape == net.activation(at: relu).shape)
        }
    }

    func testStateNamesNest() {
        XCTAssertEqual(makeNet().state.map(\.name),
                       ["fc1.weight", "fc1.bias", "block.0.weight", "block.0.bias", "fc2.weight", "fc2.bias"])
    }

    func testGradientThroughNestedChildren() {
        GradientCheck(epsilon: 1e-3).check(makeNet(), input: randomTensor([5, 4]), mode: .training)
    }

    /// Stopping at a layer hands back that layer's activation and d(score)/d(activation); starting
    /// from it again continues to the input with the same result as one full pass.
    func testStopAtAndResumeFromLayer() {
        let net = makeNet()
        let x = randomTensor([2, 4])
        let y = net.forward(x, .evaluation)
        let seed = Tensor.oneHot([0, 2], classCount: 3)
        let full = net.backward(seed, .inputOnly)

        _ = net.forward(x, .evaluation)
        let dBlock = net.backward(seed, .inputOnly, from: nil, stopAt: "block")
        XCTAssertEqual(dBlock.shape, net.activation(at: "block").shape)
        let rest = net.backward(dBlock, .inputOnly, from: "block", stopAt: nil)
        XCTAssertEqual(rest.array, full.array)

        // Nested path: stop inside the block at its first child.
        _ = net.forward(x, .evaluation)
        let dInner = net.backward(seed, .inputOnly, from: nil, stopAt: "block.0")
        XCTAssertEqual(net.activation(at: "block.0").shape, [2, 6])
        XCTAssertEqual(dInner.shape, [2, 6])
        XCTAssertEqual(y.shape, [2, 3])
    }

    /// A forward pass can end at a layer and a backward pass start there: the gradient of a
    /// unit's mean activation (activation maximization).
    func testForwardThroughAndBackwardFrom() {
        let net = makeNet()
        let x = randomTensor([1, 4])
        let a = net.forward(x, .evaluation, through: "relu1")
        XCTAssertEqual(a.shape, [1, 6])
        let seed = Tensor(zeros: a.shape)
        seed.data[2] = 1
        let g = net.backward(seed, .inputOnly, from: "relu1", stopAt: nil)
        // Check against finite differences of unit 2 of relu1.
        let eps: Float = 1e-2
        for i in 0..<4 {
            let xp = x.copy(); xp.data[i] += eps
            let xm = x.copy(); xm.data[i] -= eps
            let numeric = (net.forward(xp, .evaluation, through: "relu1").element(2)
                - net.forward(xm, .evaluation, through: "relu1").element(2)) / (2 * eps)
            XCTAssertEqual(g.data[i], numeric, accuracy: 2e-3)
        }
    }

    /// Without `inputGradient` (a training step) only the first child skips its input gradient:
    /// a ResNet-style stack (convolution stem, then a block whose convolutions need theirs)
    /// gets the same parameter gradients, bit for bit, and a zero network input gradient.
    func testInputGradientSkippedByTheFirstChildOnly() {
        func net() -> Sequential {
            let g = Generator(seed: 3)
            return Sequential([
                ("conv1", Conv2d(2, 4, kernel: 3, padding: 1, generator: g)), ("relu", ReLU()),
                ("layer1", Sequential(numbered: [BasicBlock(4, 4, stride: 1, generator: g)])),
                ("conv2", Conv2d(4, 3, kernel: 3, padding: 1, generator: g)),
            ])
        }
        let x = randomTensor([3, 2, 5, 5])
        var grads: [[[Float]]] = []
        for options in [BackwardOptions.training, BackwardOptions(inputGradient: false)] {
            let n = net()
            let y = n.forward(x, ForwardContext(mode: .training, generator: Generator(seed: 9)))
            let dInput = n.backward(randomTensor(y.shape, seed: 5), options)
            if !options.inputGradient { XCTAssertEqual(dInput.array, [Float](repeating: 0, count: x.count)) }
            grads.append(n.parameters.map(\.parameter.grad.array))
        }
        XCTAssertEqual(grads[0].count, grads[1].count)
        for (a, b) in zip(grads[0], grads[1]) { XCTAssertEqual(a.map(\.bitPattern), b.map(\.bitPattern)) }
    }
}
