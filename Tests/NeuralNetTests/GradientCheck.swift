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
/// two slopes. Halving the step tells the two apart: a kink farther than the smaller step drops
/// out of it (the central difference then matches), and a kink closer than that keeps the gap
/// between the one-sided differences (L(x+h) − L(x))/h and (L(x) − L(x−h))/h at about the slope
/// jump, while rounding noise makes that gap grow like 1/h. A coordinate that matches at no step
/// is a kink when its gap stayed put as h shrank fourfold (at most one, or a quarter of the
/// checked ones, may be), and a failure otherwise: a wrong gradient, or noise above the tolerance.
/// Coordinates are drawn without replacement.
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
        let indices = Self.distinctIndices(samples, below: target.count, generator: Generator(seed: 11))
        var failures: [String] = []
        var kinks = 0
        let center = loss()
        func close(_ x: Float, _ y: Float) -> Bool {
            abs(x - y) <= absoluteTolerance + relativeTolerance * max(abs(x), abs(y))
        }
        /// The central difference at step h and the gap between the one-sided differences.
        func differences(_ i: Int, step h: Float) -> (central: Float, gap: Float) {
            let saved = target.data[i]
            target.data[i] = saved + h
            let plus = loss()
            target.data[i] = saved - h
            let minus = loss()
            target.data[i] = saved
            let gap = abs((plus - center) / Double(h) - (center - minus) / Double(h))
            return (Float((plus - minus) / Double(2 * h)), Float(gap))
        }
        for i in indices {
            let a = analytic.data[i]
            var gaps: [Float] = []
            var numeric: Float = 0
            for halving in 0..<3 {
                let d = differences(i, step: epsilon / Float(1 << halving))
                numeric = d.central
                gaps.append(d.gap)
                if close(d.central, a) { break }
            }
            if close(numeric, a) { continue }
            // A kink: a gap well above the tolerance that did not grow as the step shrank fourfold.
            if gaps[2] > absoluteTolerance, gaps[2] < 2 * gaps[0] { kinks += 1; continue }
            failures.append("[\(i)] analytic \(a) numeric \(numeric) one-sided gaps \(gaps)")
        }
        XCTAssert(failures.isEmpty, "\(label) \(what): \(failures.count) of \(indices.count) wrong: \(failures.prefix(5))",
                  file: file, line: line)
        XCTAssert(kinks <= 1 || kinks * 4 <= indices.count, "\(label) \(what): \(kinks) of \(indices.count) coordinates at a kink",
                                 file: file, line: line)
    }
}

extension GradientCheck {
    /// min(count, n) distinct indices in 0..<n, in draw order (a partial Fisher–Yates shuffle).
    static func distinctIndices(_ count: Int, below n: Int, generator: Generator) -> [Int] {
        guard count < n else { return Array(0..<n) }
        var pool = Array(0..<n)
        for k in 0..<count { pool.swapAt(k, k + generator.integer(below: n - k)) }
        return Array(pool[0..<count])
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
