import XCTest
import Tensors
@testable import NeuralNet

final class LossTests: XCTestCase {
    /// logits [1, 2, 3], label 2: loss = log(e¹ + e² + e³) − 3 = 0.40760596;
    /// softmax = [0.09003057, 0.24472847, 0.66524096], gradient = softmax − onehot.
    func testCrossEntropyHandComputed() {
        let result = SoftmaxCrossEntropy.evaluate(logits: Tensor(shape: [1, 3], values: [1, 2, 3]), labels: [2])
        XCTAssertEqual(result.value, 0.40760596444438013, accuracy: 1e-6)
        let expected: [Float] = [0.09003057, 0.24472847, 0.66524096 - 1]
        for (g, e) in zip(result.gradient.array, expected) { XCTAssertEqual(g, e, accuracy: 1e-6) }
    }

    /// Mean over the batch: row 2 is [0, 0, 0] with label 0, loss log 3; gradients halve.
    func testCrossEntropyMeansOverBatch() {
        let logits = Tensor(shape: [2, 3], values: [1, 2, 3, 0, 0, 0])
        let result = SoftmaxCrossEntropy.evaluate(logits: logits, labels: [2, 0])
        XCTAssertEqual(result.value, (0.40760596444438013 + 1.0986122886681098) / 2, accuracy: 1e-6)
        let expected: [Float] = [0.09003057 / 2, 0.24472847 / 2, (0.66524096 - 1) / 2,
                                 (1.0 / 3 - 1) / 2, 1.0 / 6, 1.0 / 6]
        for (g, e) in zip(result.gradient.array, expected) { XCTAssertEqual(g, e, accuracy: 1e-6) }
        XCTAssertEqual(result.gradient.shape, [2, 3])
    }

    func testCrossEntropyGradientMatchesFiniteDifferences() {
        let logits = randomTensor([4, 5], seed: 3)
        let labels = [0, 3, 4, 1]
        let gradient = SoftmaxCrossEntropy.evaluate(logits: logits, labels: labels).gradient
        let eps: Float = 1e-2
        for i in 0..<logits.count {
            let saved = logits.data[i]
            logits.data[i] = saved + eps
            let plus = SoftmaxCrossEntropy.evaluate(logits: logits, labels: labels).value
            logits.data[i] = saved - eps
            let minus = SoftmaxCrossEntropy.evaluate(logits: logits, labels: labels).value
            logits.data[i] = saved
            XCTAssertEqual(gradient.data[i], Float((plus - minus) / Double(2 * eps)), accuracy: 1e-4, "logit \(i)")
        }
    }

    /// exp(1000) overflows Float; with the max subtracted the loss is 1000 − 0 and the
    /// softmax is exactly [1, 0, 0].
    func testCrossEntropyStableForExtremeLogits() {
        let logits = Tensor(shape: [1, 3], values: [1000, 0, -1000])
        let wrong = SoftmaxCrossEntropy.evaluate(logits: logits, labels: [1])
        XCTAssertEqual(wrong.value, 1000)
        XCTAssertEqual(wrong.gradient.array, [1, -1, 0])
        let right = SoftmaxCrossEntropy.evaluate(logits: logits, labels: [0])
        XCTAssertEqual(right.value, 0)
        XCTAssertEqual(right.gradient.array, [0, 0, 0])
        XCTAssertEqual(SoftmaxCrossEntropy.probabilities(logits).array, [1, 0, 0])
    }

    func testProbabilitiesAreRowSoftmax() {
        let p = SoftmaxCrossEntropy.probabilities(Tensor(shape: [2, 3], values: [1, 2, 3, 5, 5, 5]))
        let expected: [Float] = [0.09003057, 0.24472847, 0.66524096, 1.0 / 3, 1.0 / 3, 1.0 / 3]
        for (a, e) in zip(p.array, expected) { XCTAssertEqual(a, e, accuracy: 1e-6) }
    }

    /// p − t = [0, 2, 0, 3]: loss = (0 + 4 + 0 + 9)/4 = 3.25, gradient = 2(p − t)/4 = [0, 1, 0, 1.5].
    func testMeanSquaredErrorHandComputed() {
        let result = MeanSquaredError.evaluate(predictions: Tensor(shape: [2, 2], values: [1, 2, 3, 4]),
                                               targets: Tensor(shape: [2, 2], values: [1, 0, 3, 1]))
        XCTAssertEqual(result.value, 3.25)
        XCTAssertEqual(result.gradient.array, [0, 1, 0, 1.5])
        XCTAssertEqual(result.gradient.shape, [2, 2])
    }
}
