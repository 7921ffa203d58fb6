import XCTest
import Tensors
@testable import NeuralNet

/// Conjugate gradients of the influence-function estimate: on softmax regression with damping
/// (H + δI positive definite) the solution's residual is small — limited by the
/// finite-difference H·p (≈ 10⁻⁴ relative), not by the solver.
final class InfluenceFunctionTests: XCTestCase {
    func testConjugateGradientsSolveTheDampedSystem() {
        let data = TinyClassification.blobs(count: 30, features: 4, classes: 3, seed: 8)
        let network = MLP.make(sizes: [4, 3], generator: Generator(seed: 2))
        let g = Generator(seed: 4)
        let b = (0..<network.parameterCount).map { _ in Double(g.normal()) }
        let method = InfluenceFunction(damping: 0.1, iterations: 60)
        let s = method.solve(network, examples: data, b)
        let hs = HessianVectorProduct(network: network, inputs: data.inputs, labels: data.labels)(s)
        let residual = zip(zip(hs, s), b).map { $0.0 + 0.1 * $0.1 - $1 }
        let relative = residual.reduce(0) { $0 + $1 * $1 }.squareRoot() / b.reduce(0) { $0 + $1 * $1 }.squareRoot()
        XCTAssertLessThan(relative, 1e-3)
    }
}
