/// The influence-function estimate (Koh & Liang 2017) the SGD estimate is compared with: at
/// the final parameters θ, taken as a minimum of the mean training loss R with Hessian H,
/// removing instance j moves θ by ≈ (1/n) H⁻¹ ∇ℓ_j(θ), so
///
///     L(θ without j) − L(θ) ≈ (1/n) ⟨H⁻¹ ∇L(θ), ∇ℓ_j(θ)⟩.
///
/// A trained network is no exact minimum and its H is indefinite, so (as Koh & Liang do) H is
/// damped to H + δI and s = (H + δI)⁻¹ ∇L is found by conjugate gradients, stopped after
/// `iterations`, at a relative residual of 10⁻⁶, or when a search direction meets curvature
/// ≤ 0 (then the iterate so far is used). H·p is `HessianVectorProduct` over all n rows.
public struct InfluenceFunction {
    public var damping: Double
    public var iterations: Int

    public init(damping: Double, iterations: Int) { (self.damping, self.iterations) = (damping, iterations) }

    /// s with (H + δI)s ≈ b, H the Hessian of the mean loss over `examples` at the network's θ.
    public func solve(_ network: Network, examples: LabeledExamples, _ b: [Double]) -> [Double] {
        let product = HessianVectorProduct(network: network, inputs: examples.inputs, labels: examples.labels)
        func apply(_ p: [Double]) -> [Double] { zip(product(p), p).map { $0 + damping * $1 } }
        var s = [Double](repeating: 0, count: b.count), r = b, p = b
        var rr = r.reduce(0) { $0 + $1 * $1 }
        let stop = 1e-12 * rr
        for _ in 0..<iterations where rr > stop {
            let ap = apply(p)
            let curvature = zip(p, ap).reduce(0) { $0 + $1.0 * $1.1 }
            guard curvature > 0 else { break }
            let alpha = rr / curvature
            for i in s.indices { s[i] += alpha * p[i]; r[i] -= alpha * ap[i] }
            let next = r.reduce(0) { $0 + $1 * $1 }
            for i in p.indices { p[i] = r[i] + next / rr * p[i] }
            rr = next
        }
        return s
    }

    /// The estimate for every row of `examples`, at the network's current parameters.
    public func estimate(_ network: Network, examples: LabeledExamples, validation: LabeledExamples) -> [Double] {
        let theta = network.parameterVector()
        let g = MinibatchGradient.mean(network, over: validation).gradient.map(Double.init)
        let s = solve(network, examples: examples, g)
        network.setParameters(theta)
        let n = Double(examples.count)
        return (0..<examples.count).map { dot(MinibatchGradient.ofSample(network, examples, row: $0), s) / n }
    }
}
