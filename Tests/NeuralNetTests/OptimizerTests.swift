import XCTest
import Tensors
@testable import NeuralNet

/// Every case starts at θ = [1, −2] with lr = 0.1 and sees the gradients g1 = [0.5, −1],
/// g2 = [0.25, 0.5], g3 = [−1, 0.75]; expected values follow PyTorch's update formulas.
final class OptimizerTests: XCTestCase {
    let gradients: [[Float]] = [[0.5, -1], [0.25, 0.5], [-1, 0.75]]

    /// θ after each step of `optimizer`.
    func trajectory(_ optimizer: Optimizer, steps: Int) -> [[Float]] {
        let parameter = Parameter(Tensor(shape: [2], values: [1, -2]))
        return (0..<steps).map { step in
            parameter.grad.data.update(from: gradients[step], count: 2)
            optimizer.step([("w", parameter)], learningRate: 0.1)
            return parameter.value.array
        }
    }

    func assertClose(_ actual: [[Float]], _ expected: [[Float]], accuracy: Float = 1e-6,
                     file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(actual.count, expected.count, file: file, line: line)
        for (step, (a, e)) in zip(actual, expected).enumerated() {
            for (x, y) in zip(a, e) {
                XCTAssertEqual(x, y, accuracy: accuracy, "step \(step + 1): \(a) vs \(e)", file: file, line: line)
            }
        }
    }

    func testPlainSGD() {
        // θ1 = [1 − 0.1·0.5, −2 + 0.1·1] = [0.95, −1.9];  θ2 = [0.95 − 0.025, −1.9 − 0.05]
        assertClose(trajectory(SGD(), steps: 2), [[0.95, -1.9], [0.925, -1.95]])
    }

    func testSGDMomentum() {
        // buf1 = g1 = [0.5, −1]                         θ1 = [0.95, −1.9]
        // buf2 = 0.9·[0.5, −1] + [0.25, 0.5] = [0.7, −0.4]      θ2 = [0.95 − 0.07, −1.9 + 0.04]
        // buf3 = 0.9·[0.7, −0.4] + [−1, 0.75] = [−0.37, 0.39]   θ3 = [0.88 + 0.037, −1.86 − 0.039]
        let optimizer = SGD(momentum: 0.9)
        assertClose(trajectory(optimizer, steps: 3), [[0.95, -1.9], [0.88, -1.86], [0.917, -1.899]])
        XCTAssertEqual(optimizer.slots.map(\.name), ["w.momentum_buffer"])
        XCTAssertEqual(optimizer.slots[0].tensor.array[0], -0.37, accuracy: 1e-6)
        XCTAssertEqual(optimizer.steps, 3)
    }

    func testSGDNesterov() {
        // buf1 = [0.5, −1], d1 = g1 + 0.9·buf1 = [0.95, −1.9]          θ1 = [1 − 0.095, −2 + 0.19]
        // buf2 = [0.7, −0.4], d2 = [0.25 + 0.63, 0.5 − 0.36] = [0.88, 0.14]  θ2 = [0.905 − 0.088, −1.81 − 0.014]
        assertClose(trajectory(SGD(momentum: 0.9, nesterov: true), steps: 2), [[0.905, -1.81], [0.817, -1.824]])
    }

    func testSGDWeightDecay() {
        // d1 = g1 + 0.1·[1, −2] = [0.6, −1.2]                 θ1 = [0.94, −1.88]
        // d2 = [0.25 + 0.094, 0.5 − 0.188] = [0.344, 0.312]   θ2 = [0.94 − 0.0344, −1.88 − 0.0312]
        assertClose(trajectory(SGD(weightDecay: 0.1), steps: 2), [[0.94, -1.88], [0.9056, -1.9112]])
        // With momentum 0.9 the decayed gradient enters the buffer:
        // buf2 = 0.9·[0.6, −1.2] + [0.344, 0.312] = [0.884, −0.768]   θ2 = [0.94 − 0.0884, −1.88 + 0.0768]
        assertClose(trajectory(SGD(momentum: 0.9, weightDecay: 0.1), steps: 2), [[0.94, -1.88], [0.8516, -1.8032]])
        XCTAssertTrue(SGD(weightDecay: 0.1).slots.isEmpty)
    }

    func testAdam() {
        // Step 1: m = 0.1·g1 = [0.05, −0.1], v = 0.001·g1² = [0.00025, 0.001],
        //   θ1 = θ0 − 0.1/(1 − 0.9)·m/(√v/√(1 − 0.999) + 1e-8) = [1 − 0.1·0.5/(0.5 + 1e-8), −2 + 0.1·1/(1 + 1e-8)]
        // Step 2: m = m + 0.1·(g2 − m) = [0.07, −0.04], v = 0.999·v + 0.001·g2² = [0.00031225, 0.001249],
        //   θ2 = θ1 − 0.1/0.19·m/(√v/√0.001999 + 1e-8) = [0.900000002 − 0.0932180, −1.900000001 + 0.0266337]
        // Step 3: m = [−0.037, 0.039], v = [0.00131193775, 0.001810251], 1 − 0.9³ = 0.271, 1 − 0.999³ = 0.002997001,
        //   θ3 = θ2 − 0.1/0.271·m/(√v/√0.002997001 + 1e-8)
        let optimizer = Adam()
        assertClose(trajectory(optimizer, steps: 3),
                    [[0.900000002, -1.900000001], [0.8067820405, -1.8733662974], [0.8274177429, -1.8918832432]])
        XCTAssertEqual(optimizer.slots.map(\.name), ["w.exp_avg", "w.exp_avg_sq"])
        XCTAssertEqual(optimizer.slots[0].tensor.array[0], -0.037, accuracy: 1e-7)
        XCTAssertEqual(optimizer.slots[1].tensor.array[1], 0.001810251, accuracy: 1e-9)
    }

    func testAdamWeightDecay() {
        // Step 1: g = g1 + 0.1·θ0 = [0.6, −1.2]: the normalised step is lr·sign(g): θ1 ≈ [0.9, −1.9].
        // Step 2: g = g2 + 0.1·θ1 = [0.34, 0.31], m = [0.06 + 0.1·(0.34 − 0.06), −0.12 + 0.1·(0.31 + 0.12)] = [0.088, −0.077],
        //   v = [0.999·0.00036 + 0.001·0.1156, 0.999·0.00144 + 0.001·0.0961] = [0.00047524, 0.00153466],
        //   θ2 = θ1 − 0.1/0.19·m/(√v/√0.001999 + 1e-8)
        assertClose(trajectory(Adam(weightDecay: 0.1), steps: 2),
                    [[0.9000000017, -1.9000000008], [0.8050097659, -1.8537472646]])
    }

    /// Slots saved after two steps and restored into a fresh optimizer continue identically.
    func testRestoreRoundTrip() throws {
        for make in [{ Adam() as Optimizer }, { SGD(momentum: 0.9, nesterov: true) }] {
            let a = Parameter(Tensor(shape: [2], values: [1, -2]))
            let b = Parameter(Tensor(shape: [1, 3], values: [0.5, 0.25, -1]))
            let parameters = [("fc.weight", a), ("fc.bias", b)]
            func setGradients(_ step: Int) {
                for i in 0..<2 { a.grad.data[i] = Float(step + i) * 0.3 - 0.5 }
                for i in 0..<3 { b.grad.data[i] = Float(i - step) * 0.2 + 0.1 }
            }
            let original = make()
            for step in 0..<2 { setGradients(step); original.step(parameters, learningRate: 0.05) }
            XCTAssertEqual(original.slots.map(\.name).first, "fc.weight." + (original is Adam ? "exp_avg" : "momentum_buffer"))
            let saved = Dictionary(uniqueKeysWithValues: original.slots.map { ($0.name, $0.tensor.copy()) })

            let restored = make()
            try restored.restore(slots: saved, steps: original.steps, parameters: parameters)
            XCTAssertEqual(restored.steps, 2)
            XCTAssertEqual(restored.slots.map(\.name), original.slots.map(\.name))
            let aCopy = Parameter(a.value.copy()), bCopy = Parameter(b.value.copy())
            setGradients(2)
            aCopy.grad.data.update(from: a.grad.data, count: 2)
            bCopy.grad.data.update(from: b.grad.data, count: 3)
            original.step(parameters, learningRate: 0.05)
            restored.step([("fc.weight", aCopy), ("fc.bias", bCopy)], learningRate: 0.05)
            XCTAssertEqual(aCopy.value.array, a.value.array)
            XCTAssertEqual(bCopy.value.array, b.value.array)
        }
    }

    func testRestoreRejectsMissingAndMisshapenSlots() {
        let parameters = [("fc.weight", Parameter(Tensor(zeros: [2, 3])))]
        let good = Tensor(zeros: [2, 3])
        XCTAssertThrowsError(try Adam().restore(slots: ["fc.weight.exp_avg": good], steps: 1, parameters: parameters)) {
            let error = $0 as? OptimizerStateError
            XCTAssertEqual(error?.slot, "fc.weight.exp_avg_sq")
            XCTAssertNil(error?.actual)
            XCTAssertEqual(error?.description, "optimizer slot 'fc.weight.exp_avg_sq' is missing (expected shape [2, 3])")
        }
        XCTAssertThrowsError(try SGD(momentum: 0.9).restore(slots: ["fc.weight.momentum_buffer": Tensor(zeros: [6])],
                                                            steps: 4, parameters: parameters)) {
            XCTAssertEqual(($0 as? OptimizerStateError)?.description,
                           "optimizer slot 'fc.weight.momentum_buffer' has shape [6], but its parameter has shape [2, 3]")
        }
        // Before any step there is no state to require; plain SGD never keeps any.
        XCTAssertNoThrow(try Adam().restore(slots: [:], steps: 0, parameters: parameters))
        XCTAssertNoThrow(try SGD().restore(slots: [:], steps: 7, parameters: parameters))
    }
}
