import XCTest
import Tensors
@testable import NeuralNet

/// The finite-difference H·u against softmax regression's Hessian in closed form:
/// with x̃ = (x, 1), p = softmax(W x + b) and the mean loss over N rows,
///     H = (1/N) Σ_i (diag pᵢ − pᵢ pᵢᵀ) ⊗ x̃ᵢ x̃ᵢᵀ,
/// so H u, with U the (K, D) weight part and u_b the bias part of u and s = Ux̃ + u_b,
///     (H u)_W[k, a] = (1/N) Σ_i [(diag pᵢ − pᵢpᵢᵀ) sᵢ]_k x̃ᵢ[a].
final class HessianVectorProductTests: XCTestCase {
    let (features, classes) = (4, 3)

    func exactProduct(_ network: Network, _ data: LabeledExamples, _ u: [Double]) -> [Double] {
        let (d, k, n) = (features, classes, data.count)
        let p = SoftmaxCrossEntropy.probabilities(network.forward(data.inputs))
        var result = [Double](repeating: 0, count: u.count)
        for i in 0..<n {
            let x = (0..<d).map { Double(data.inputs.data[i * d + $0]) }
            let s = (0..<k).map { c in (0..<d).reduce(u[k * d + c]) { $0 + u[c * d + $1] * x[$1] } }
            let pi = (0..<k).map { Double(p[i, $0]) }
            let mean = zip(pi, s).reduce(0) { $0 + $1.0 * $1.1 }
            for c in 0..<k {
                let r = pi[c] * (s[c] - mean) / Double(n)
                for a in 0..<d { result[c * d + a] += r * x[a] }
                result[k * d + c] += r
            }
        }
        return result
    }

    /// The tolerance is the error bound of the method, not a fitted number. Along the unit
    /// direction v the logits move as z + h·w (w = V x̃ + v_b), so the central quotient errs by
    /// (h²/6)·‖J ᵀ p‴‖ with ‖p‴‖₁ ≤ 3·range(w)³ and ‖Jᵀ s‖ ≤ ‖s‖₁‖x̃‖ — at most
    /// (h²/6)·mean_i 3 rangeᵢ³ ‖x̃ᵢ‖ per unit of ‖u‖; rounding adds ≈ 8ε·max‖∇ℓᵢ‖/(2h)·‖u‖
    /// (Float32 gradients and θ ± h v, a few ε each). The measured error must stay below the sum.
    func testFiniteDifferenceProductMatchesTheClosedFormHessian() {
        let data = TinyClassification.blobs(count: 24, features: features, classes: classes, seed: 5)
        let network = MLP.make(sizes: [features, classes], generator: Generator(seed: 1))
        let g = Generator(seed: 9)
        let u = (0..<network.parameterCount).map { _ in Double(g.normal()) }
        let before = network.parameterVector()
        let approximate = HessianVectorProduct(network: network, inputs: data.inputs, labels: data.labels)(u)
        XCTAssertEqual(network.parameterVector(), before, "θ restored bit for bit")
        let exact = exactProduct(network, data, u)

        let h = HessianVectorProduct.step(for: before), norm = u.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let v = u.map { $0 / norm }
        var truncation = 0.0, largestGradient = 0.0
        for i in 0..<data.count {
            let x = (0..<features).map { Double(data.inputs.data[i * features + $0]) } + [1]
            let w = (0..<classes).map { c in (0..<features).reduce(v[classes * features + c]) { $0 + v[c * features + $1] * x[$1] } }
            let range = w.max()! - w.min()!, length = x.reduce(0) { $0 + $1 * $1 }.squareRoot()
            truncation += 3 * range * range * range * length / Double(data.count)
            largestGradient = max(largestGradient, 2 * length)  // ‖(p − onehot) ⊗ x̃‖ ≤ √2‖x̃‖
        }
        let bound = norm * (h * h / 6 * truncation + 8 * Double(Float.ulpOfOne) * largestGradient / (2 * h))
        let error = zip(approximate, exact).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
        let size = exact.reduce(0) { $0 + $1 * $1 }.squareRoot()
        XCTAssertLessThan(error, bound, "‖error‖ \(error), bound \(bound), ‖Hu‖ \(size)")
        XCTAssertLessThan(error, 1e-3 * size, "relative error \(error / size)")
    }

    /// Per-sample gradients are exact: softmax regression's ∇ℓ_j = (p_j − onehot(y_j)) ⊗ x̃_j, and
    /// the mean over a minibatch of the per-sample gradients is the minibatch gradient.
    func testPerSampleGradientsAreExactAndAverageToTheMinibatchGradient() {
        let data = TinyClassification.blobs(count: 6, features: features, classes: classes, seed: 2)
        let network = MLP.make(sizes: [features, classes], generator: Generator(seed: 4))
        let p = SoftmaxCrossEntropy.probabilities(network.forward(data.inputs))
        var mean = [Double](repeating: 0, count: network.parameterCount)
        for j in 0..<data.count {
            let gradient = MinibatchGradient.ofSample(network, data, row: j)
            for c in 0..<classes {
                let r = Double(p[j, c]) - (data.labels[j] == c ? 1 : 0)
                for a in 0..<features {
                    XCTAssertEqual(Double(gradient[c * features + a]), r * Double(data.inputs.data[j * features + a]), accuracy: 1e-5)
                }
                XCTAssertEqual(Double(gradient[classes * features + c]), r, accuracy: 1e-6)
            }
            for i in mean.indices { mean[i] += Double(gradient[i]) / Double(data.count) }
        }
        let batch = MinibatchGradient.of(network, inputs: data.inputs, labels: data.labels)
        for i in mean.indices { XCTAssertEqual(Double(batch[i]), mean[i], accuracy: 1e-6) }
    }
}
