import NeuralNet
import Tensors

/// Time-Smoothgrad (paper 000): a trailing moving average of the per-step gradients,
///
///     M_t = (1/k) Σ_{i=1..k} ∂y_{t−i}/∂x_{t−i}
///
/// over the rows of a (T, …) series in time order. The paper's formula averages the k steps
/// BEFORE t and leaves step t out; `includeCurrent = true` averages t−k+1 … t instead. The
/// default follows the paper: this is a reproduction, and for k = 50 the one-step shift hardly
/// changes a map. Where fewer than k steps precede t (the series start) the average runs over
/// the steps available; at t = 0, with the current step excluded, none is available, and
/// M_0 = G_0 — the only step there is — rather than an all-zero map that ranks nothing.
///
/// The window crosses state boundaries, as in the paper. With each state's training steps
/// first, a test step's window holds only steps of its own state as long as k ≤ the state's
/// training steps.
public struct TimeSmoothGrad: ConfigurableMethod, Sendable {
    public static let name = "time-smoothgrad"
    /// k, the number of steps averaged.
    public let window: Int
    public let includeCurrent: Bool
    /// The per-step gradients G_t that are averaged.
    public let gradient: Gradient

    public init(window: Int = 50, includeCurrent: Bool = false, gradient: Gradient = Gradient()) {
        precondition(window >= 1, "time-smoothgrad: window must be ≥ 1, got \(window)")
        self.window = window
        self.includeCurrent = includeCurrent
        self.gradient = gradient
    }

    /// Spec option: `window` (50), k.
    public init(_ p: some MethodParameters) throws {
        self.init(window: try p.integer("window", default: 50, atLeast: 1))
    }

    public func attribute(_ network: Network, inputs: Tensor, target: AttributionTarget) -> Tensor {
        Self.trailingAverage(gradient.attribute(network, inputs: inputs, target: target),
                             window: window, includeCurrent: includeCurrent)
    }

    /// The steps averaged for step t: [t−k, t) in the paper's form, [t−k+1, t] with the current
    /// step, clipped at the series start; [0, 1) at t = 0 without the current step.
    public static func window(ofStep t: Int, window k: Int, includeCurrent: Bool) -> Range<Int> {
        let end = max(includeCurrent ? t + 1 : t, 1)
        return max(end - k, 0)..<end
    }

    /// The trailing average of every row of `steps` (T, …) over `window(ofStep:)`, in O(T·D):
    /// a running sum per element (in Double, so adding and removing rows does not drift) gains
    /// the row entering the window and loses the one leaving it.
    public static func trailingAverage(_ steps: Tensor, window k: Int, includeCurrent: Bool) -> Tensor {
        precondition(k >= 1, "time-smoothgrad: window must be ≥ 1, got \(k)")
        let (n, per) = (steps.shape[0], steps.shape.countPerItem)
        let result = Tensor(uninitialized: steps.shape)
        var sum = [Double](repeating: 0, count: per)
        var (low, high) = (0, 0)  // the rows now in `sum`
        for t in 0..<n {
            let range = window(ofStep: t, window: k, includeCurrent: includeCurrent)
            while high < range.upperBound {
                let row = steps.data + high * per
                for j in 0..<per { sum[j] += Double(row[j]) }
                high += 1
            }
            while low < range.lowerBound {
                let row = steps.data + low * per
                for j in 0..<per { sum[j] -= Double(row[j]) }
                low += 1
            }
            let inverse = 1 / Double(range.count)
            let out = result.data + t * per
            for j in 0..<per { out[j] = Float(sum[j] * inverse) }
        }
        return result
    }
}
