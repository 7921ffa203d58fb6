import XCTest
import Tensors
@testable import NeuralNet

/// Finite-difference gradient checks shared by the layer and model tests.
///
/// The loss is L = Σ r ⊙ f(x) with a fixed random r, so every output element contributes.
/// Derivatives are central differences (L(x+ε) − L(x−ε)) / 2ε with L summed in Double. In Float32
/// the forward pass rounds at ~1e-7 relative, so with ε = 1e-2 the difference quotient carries
/// ~1e-5·√(outputs) absolute noise and O(ε²) truncation: a 2 % relative tolerance with an
/// absolute floor of 2e-3 separates that noise from a wrong gradient (errors are O(1) relative).
///
/// ReLU and max-pool make networks piecewise smooth. A perturbed weight moves every unit, so in
/// a deep net some unit often lies within ε of its kink, and the central difference then mixes
/// two slopes. Such coordinates are recognised — the one-sided differences (L(x+ε) − L(x))/ε and
/// (L(x) − L(x−ε))/ε disagree — and skipped; at most one, or a quarter of the checked ones, may be.
struct GradientCheck {
    var epsilon: Float = 1e-2
    var relativeTolerance: Float = 2e-2
    var absoluteTolerance: Float = 2e-3
    /// Coordinates checked per tensor (all when the tensor is smaller).
    var samples = 48
    /// Prefix of failure messages, to tell table rows apart.
    var label = ""

    /// Checks the input gradient and every parameter gradient of `layer` at `input`.
    func check(_ layer: Layer, input: Tensor, mode: Mode, file: StaticString = #filePath, line: UInt = #line) {
        // Same dropout mask on every call: a fresh generator with the same seed.
        func context() -> ForwardContext { ForwardContext(mode: mode, generator: Generator(seed: 99)) }
        let probe = layer.forward(input, context())
        let weights = Tensor(uninitialized: probe.shape)
        Generator(seed: 5).fillUniform(weights, low: -1, high: 1)
        func loss() -> Double {
            let y = layer.forward(input, context())
            var s = 0.0
            for i in 0..<y.count { s += Double(y.data[i]) * Double(weights.data[i]) }
            return s
        }
        for (_, p) in layer.parameters { p.grad.fill(0) }
        _ = layer.forward(input, context())
        let dInput = layer.backward(weights, .training)
        XCTAssertEqual(dInput.shape, input.shape, "input gradient shape", file: file, line: line)
        compare(analytic: dInput, perturbing: input, loss: loss, what: "input", file: file, line: line)
        for (name, p) in layer.parameters {
            compare(analytic: p.grad.copy(), perturbing: p.value, loss: loss, what: name, file: file, line: line)
        }
    }

    func compare(analytic: Tensor, perturbing target: Tensor, loss: () -> Double, what: String,
                 file: StaticString, line: UInt) {
        let picker = Generator(seed: 11)
        let indices = target.count <= samples ? Array(0..<target.count)
            : (0..<samples).map { _ in picker.integer(below: target.count) }
        var failures: [String] = []
        var kinks = 0
        let center = loss()
        func close(_ x: Float, _ y: Float) -> Bool {
            abs(x - y) <= absoluteTolerance + relativeTolerance * max(abs(x), abs(y))
        }
        /// Central difference at step h, or nil when the one-sided differences disagree (a kink).
        func numeric(_ i: Int, step h: Float) -> Float? {
            let saved = target.data[i]
            target.data[i] = saved + h
            let plus = loss()
            target.data[i] = saved - h
            let minus = loss()
            target.data[i] = saved
            guard close(Float((plus - center) / Double(h)), Float((center - minus) / Double(h))) else { return nil }
            return Float((plus - minus) / Double(2 * h))
        }
        for i in indices {
            let a = analytic.data[i]
            // Two kinks can straddle the point symmetrically; a tenfold smaller step tells.
            guard let n = numeric(i, step: epsilon) else { kinks += 1; continue }
            if close(n, a) { continue }
            if let fine = numeric(i, step: epsilon / 10), close(fine, a) { continue }
            failures.append("[\(i)] analytic \(a) numeric \(n)")
        }
        XCTAssert(failures.isEmpty, "\(label) \(what): \(failures.count) of \(indices.count) wrong: \(failures.prefix(5))",
                  file: file, line: line)
        XCTAssert(kinks <= 1 || kinks * 4 <= indices.count, "\(label) \(what): \(kinks) of \(indices.count) coordinates at a kink",
                                 file: file, line: line)
    }
}

/// A tensor of standard normals from a fixed seed, shifted away from 0 by at least `margin`
/// so that no ReLU or max-pool kink lies within ε of a checked point.
func randomTensor(_ shape: Shape, seed: UInt64 = 1, margin: Float = 0) -> Tensor {
    let t = Tensor(uninitialized: shape)
    let g = Generator(seed: seed)
    for i in 0..<t.count {
        let v = g.normal()
        t.data[i] = v >= 0 ? v + margin : v - margin
    }
    return t
}
