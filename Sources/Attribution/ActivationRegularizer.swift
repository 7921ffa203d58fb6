import Tensors

/// The regularisers of paper 004's activation maximization, each as a value and its
/// (sub)gradient, so the optimiser can subtract `w·∇R` from the ascent direction:
///
///     L2(x)  = (Σ_t x_t²)^{1/2}
///     TV(x)  = Σ_t |x_t − x_{t+1}|
///     AAP(x) = Σ_t max(|x_t| − th_aap, 0)                     th_aap = 1.5 g
///     EAP(a) = (1/|K|) Σ_{k∈K} (a_k − th),   K = {k : a_k > th}   (0 if K is empty)
///
/// L2, TV and AAP act on the generated signal x; EAP acts on the unit's feature map a, so the
/// caller seeds the network's backward pass with its gradient (see `ActivationMaximization`).
///
/// Paper 004 only says AAP is "a penalty on the amplitude above th_aap"; the hinge above is
/// our reading (linear, like TV and EAP, so no term dominates by squaring), and it is the
/// definition this code and its tests fix.
///
/// Non-differentiable points take the subgradient 0: x = 0 for L2 (the zero vector), ties
/// x_t = x_{t+1} for TV, |x_t| = th for AAP and a = th for EAP. Any element of the
/// subdifferential is valid there; 0 keeps a flat signal flat instead of kicking it.
public enum ActivationRegularizer {
    public typealias ValueAndGradient = (value: Float, gradient: [Float])

    /// L2 = ‖x‖₂; ∇ = x/‖x‖₂ (0 at x = 0).
    public static func l2(_ x: [Float]) -> ValueAndGradient {
        // Accumulate in Double: the signal is short but values can span orders of magnitude.
        let norm = Float(x.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot())
        if norm == 0 { return (0, Array(repeating: 0, count: x.count)) }
        return (norm, x.map { $0 / norm })
    }

    /// TV = Σ|x_t − x_{t+1}|; ∂/∂x_t = sign(x_t − x_{t+1}) − sign(x_{t−1} − x_t).
    public static func totalVariation(_ x: [Float]) -> ValueAndGradient {
        var value: Double = 0
        var gradient = [Float](repeating: 0, count: x.count)
        for t in 0..<max(x.count - 1, 0) {
            let d = x[t] - x[t + 1]
            value += Double(abs(d))
            let s = sign(d)
            gradient[t] += s
            gradient[t + 1] -= s
        }
        return (Float(value), gradient)
    }

    /// AAP = Σ max(|x_t| − th, 0); ∂/∂x_t = sign(x_t) where |x_t| > th, else 0.
    public static func amplitudePenalty(_ x: [Float], threshold: Float = 1.5) -> ValueAndGradient {
        var value: Double = 0
        var gradient = [Float](repeating: 0, count: x.count)
        for (t, v) in x.enumerated() where abs(v) > threshold {
            value += Double(abs(v) - threshold)
            gradient[t] = sign(v)
        }
        return (Float(value), gradient)
    }

    /// EAP over feature-map values `a`; the gradient is w.r.t. `a` (1/|K| on K, else 0). |K| is
    /// piecewise constant in a, so it does not contribute to the gradient.
    public static func excessActivationPenalty(_ a: [Float], threshold: Float) -> ValueAndGradient {
        var excess: Double = 0
        var count = 0
        for v in a where v > threshold {
            excess += Double(v - threshold)
            count += 1
        }
        var gradient = [Float](repeating: 0, count: a.count)
        if count == 0 { return (0, gradient) }
        let share = 1 / Float(count)
        for (k, v) in a.enumerated() where v > threshold { gradient[k] = share }
        return (Float(excess / Double(count)), gradient)
    }

    /// The same regularisers on a (1, T) or (T) tensor, returning the gradient in its shape.
    public static func l2(_ x: Tensor) -> (value: Float, gradient: Tensor) { onTensor(x, l2) }
    public static func totalVariation(_ x: Tensor) -> (value: Float, gradient: Tensor) { onTensor(x, totalVariation) }
    public static func amplitudePenalty(_ x: Tensor, threshold: Float = 1.5) -> (value: Float, gradient: Tensor) {
        onTensor(x) { amplitudePenalty($0, threshold: threshold) }
    }

    private static func onTensor(_ x: Tensor, _ f: ([Float]) -> ValueAndGradient) -> (value: Float, gradient: Tensor) {
        precondition(x.shape.rank == 1 || (x.shape.rank == 2 && x.shape[0] == 1),
                     "activation regulariser: expected a (T) or (1, T) signal, got \(x.shape)")
        let r = f(x.array)
        return (r.value, Tensor(shape: x.shape, values: r.gradient))
    }

    @inline(__always) static func sign(_ v: Float) -> Float { v > 0 ? 1 : (v < 0 ? -1 : 0) }
}

/// Paper 004's threshold th for a unit, shared by EAP and activation clipping:
///
///     th = μ + 2σ   over the unit's non-zero activations on the training data
///
/// (≈ its 95th percentile). Zeros are left out because after a ReLU most values are exactly
/// 0 and would drag μ and σ towards the dead part of the unit. σ is the population standard
/// deviation (divide by n, numpy's default), in Double.
public enum EAPThreshold {
    /// nil for a dead unit (no non-zero activation): it has no threshold to fit.
    public static func fit(_ activations: [Float]) -> Float? {
        var n = 0
        var sum: Double = 0
        for v in activations where v != 0 {
            n += 1
            sum += Double(v)
        }
        if n == 0 { return nil }
        let mean = sum / Double(n)
        // Two passes: Σ(v − μ)² keeps its digits when the mean is large against the spread.
        var squares: Double = 0
        for v in activations where v != 0 { squares += (Double(v) - mean) * (Double(v) - mean) }
        return Float(mean + 2 * (squares / Double(n)).squareRoot())
    }
}
