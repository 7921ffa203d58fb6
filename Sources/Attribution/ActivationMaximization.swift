import Foundation
import NeuralNet
import Tensors

/// Activation maximization for one unit of a time-series CNN (paper 004):
///
///     X* = argmax_X  f(X) − w·R(X),     f(X) = mean_k  ā_k,   ā_k = min(a_k, th) with clipping, a_k without
///     R  = L2 + TV [+ AAP] [+ EAP]
///
/// where a is the unit's feature map (channel `unit` of layer `layer`), solved by gradient
/// ascent from a sine of amplitude 0.3 g with η multiplied by 0.995 after every step.
///
/// One sensor axis is optimised. The network keeps its input shape (1, axes, time): the
/// signal goes on `axis` and every other axis is 0. With paper 004's shared 1×5 filters
/// (Conv2d kernel (1, 5) on (N, 1, axes, time)) each axis row of a feature map depends only
/// on the same row of the input, so the zero axes cannot change the optimised row, and f
/// (and EAP) are taken over that row alone: averaging in the rows of the zero axes would add
/// a constant that only dilutes the objective. For feature maps without an axis dimension
/// (rank 3, e.g. a Conv1d network mixing the axes) the whole channel is used.
///
/// Clipping makes ∂ā/∂a = 0 above th: beyond th a larger amplitude earns nothing, which is
/// the point of the method (generated signals stay near the activations seen in training).
///
/// Plain gradient ascent, as paper 004 describes it. Note that with its defaults the step
/// sizes sum to at most η/(1 − 0.995) = 0.02·η/10⁻⁴, so the signal moves by about 0.02 × the
/// gradient's scale in total: how far the defaults get depends on the trained network's
/// gradient magnitudes, and `learningRate` is a parameter for that reason.
public struct ActivationMaximization {
    public enum Variant: String, CaseIterable, Sendable {
        case l2TV = "l2+tv"
        case l2TVAAP = "l2+tv+aap"
        case l2TVEAP = "l2+tv+eap"
        case l2TVClip = "l2+tv+clip"
        case l2TVEAPClip = "l2+tv+eap+clip"

        public var usesAAP: Bool { self == .l2TVAAP }
        public var usesEAP: Bool { self == .l2TVEAP || self == .l2TVEAPClip }
        public var clips: Bool { self == .l2TVClip || self == .l2TVEAPClip }
    }

    public struct Result {
        /// The generated signal X* on the optimised axis, length `time`.
        public let signal: [Float]
        /// The unit's (unclipped) feature map on that axis at X*, for S_sim's peak window.
        public let featureMap: [Float]
        /// max_k a_k at X*, and its ratio to th (paper 004, Fig. 4: near 1 is good).
        public let maxActivation: Float
        public let activationRatio: Float
        /// f − w·R at X* (f clipped if the variant clips).
        public let objective: Float
    }

    public var variant: Variant
    public var steps: Int
    public var learningRate: Float
    /// η is multiplied by this after every step.
    public var decay: Float
    /// w, the weight of the regulariser sum.
    public var weight: Float
    /// The starting sine's amplitude and number of periods over the window. Paper 004 gives
    /// the amplitude only; one period is our choice (open).
    public var initialAmplitude: Float
    public var initialPeriods: Float
    /// th_aap of the AAP variant.
    public var aapThreshold: Float
    /// The sensor axis that carries the signal.
    public var axis: Int

    public init(variant: Variant = .l2TVEAPClip, steps: Int = 5000, learningRate: Float = 1e-4,
                decay: Float = 0.995, weight: Float = 0.1, initialAmplitude: Float = 0.3,
                initialPeriods: Float = 1, aapThreshold: Float = 1.5, axis: Int = 0) {
        precondition(steps >= 0 && learningRate >= 0 && decay > 0 && weight >= 0 && aapThreshold >= 0 && axis >= 0,
                     "ActivationMaximization: bad settings (steps \(steps), η \(learningRate), decay \(decay), w \(weight), th_aap \(aapThreshold), axis \(axis))")
        (self.variant, self.steps, self.learningRate, self.decay, self.weight) = (variant, steps, learningRate, decay, weight)
        (self.initialAmplitude, self.initialPeriods, self.aapThreshold, self.axis) = (initialAmplitude, initialPeriods, aapThreshold, axis)
    }

    /// Maximises unit `unit` of `layer` (a path such as "relu2"); `threshold` is the unit's th
    /// (`EAPThreshold.fit`), used by EAP, clipping and the reported ratio.
    public func run(_ network: Network, layer: String, unit: Int, threshold: Float) -> Result {
        run(network, layer: layer, units: [unit], thresholds: [threshold])[0]
    }

    /// Maximises several units of `layer` at once, one batch item per unit. Items do not
    /// interact (evaluation mode, no batch statistics), so each result equals its own `run`.
    public func run(_ network: Network, layer: String, units: [Int], thresholds: [Float]) -> [Result] {
        precondition(network.inputShape.rank == 2, "activation maximization needs (axes, time) inputs, got \(network.inputShape)")
        precondition(units.count == thresholds.count && !units.isEmpty, "activation maximization: \(units.count) units, \(thresholds.count) thresholds")
        let axes = network.inputShape[0], time = network.inputShape[1]
        precondition(axis < axes, "activation maximization: axis \(axis) of \(axes)")
        precondition(thresholds.allSatisfy { $0 > 0 }, "activation maximization: thresholds must be positive, got \(thresholds)")
        let start = (0..<time).map { t in initialAmplitude * Elementary.sin(2 * Float.pi * initialPeriods * Float(t) / Float(time)) }
        var signals = Array(repeating: start, count: units.count)
        var eta = learningRate
        for _ in 0..<steps {
            let ascent = evaluate(network, signals, layer: layer, units: units, thresholds: thresholds, axes: axes)
            for u in signals.indices { for t in 0..<time { signals[u][t] += eta * ascent[u].gradient[t] } }
            eta *= decay
        }
        let final = evaluate(network, signals, layer: layer, units: units, thresholds: thresholds, axes: axes)
        let activation = network.activation(at: layer)
        let perItem = activation.shape.countPerItem
        return units.indices.map { u in
            let map = unitIndices(activation, unit: units[u], axes: axes).map { activation.data[u * perItem + $0] }
            let peak = map.max() ?? 0
            return Result(signal: signals[u], featureMap: map, maxActivation: peak, activationRatio: peak / thresholds[u],
                          objective: final[u].objective)
        }
    }

    /// J = f − w·R at x and ∇_x J, from one forward pass to `layer` and one backward pass from it.
    func evaluate(_ network: Network, _ x: [Float], layer: String, unit: Int, threshold: Float,
                  axes: Int) -> (objective: Float, gradient: [Float]) {
        evaluate(network, [x], layer: layer, units: [unit], thresholds: [threshold], axes: axes)[0]
    }

    /// J and ∇_x J for a batch: item u carries signal `x[u]` and is scored on unit `units[u]`.
    func evaluate(_ network: Network, _ x: [[Float]], layer: String, units: [Int], thresholds: [Float],
                  axes: Int) -> [(objective: Float, gradient: [Float])] {
        let time = x[0].count, items = x.count
        // input: (U, axes, time), the signal on `axis`, zeros elsewhere
        let input = Tensor(zeros: [items, axes, time])
        for u in 0..<items { for t in 0..<time { input.data[(u * axes + axis) * time + t] = x[u][t] } }
        let activation = network.forward(input, .evaluation, through: layer)
        let perItem = activation.shape.countPerItem
        let seed = Tensor(zeros: activation.shape)
        var objectives = [Float](repeating: 0, count: items)
        for u in 0..<items {
            let indices = unitIndices(activation, unit: units[u], axes: axes).map { u * perItem + $0 }
            let a = indices.map { activation.data[$0] }
            let threshold = thresholds[u]
            // ∂J/∂a: the (clipped) mean's share 1/n, minus w·∂EAP/∂a.
            let n = Float(a.count)
            var f: Float = 0
            var dA = [Float](repeating: 0, count: a.count)
            for (k, v) in a.enumerated() {
                if variant.clips && v > threshold {
                    f += threshold  // clipped: contributes th, gradient 0
                } else {
                    f += v
                    dA[k] = 1 / n
                }
            }
            f /= n
            var penalty: Float = 0
            if variant.usesEAP {
                let eap = ActivationRegularizer.excessActivationPenalty(a, threshold: threshold)
                penalty += eap.value
                for k in dA.indices { dA[k] -= weight * eap.gradient[k] }
            }
            for (k, i) in indices.enumerated() { seed.data[i] = dA[k] }
            objectives[u] = f - weight * penalty
        }
        let dInput = network.backward(seed, .inputOnly, from: layer)

        // The signal regularisers act on x directly.
        return (0..<items).map { u in
            var gradient = (0..<time).map { dInput.data[(u * axes + axis) * time + $0] }
            var terms = [ActivationRegularizer.l2(x[u]), ActivationRegularizer.totalVariation(x[u])]
            if variant.usesAAP { terms.append(ActivationRegularizer.amplitudePenalty(x[u], threshold: aapThreshold)) }
            var objective = objectives[u]
            for term in terms {
                objective -= weight * term.value
                for t in 0..<time { gradient[t] -= weight * term.gradient[t] }
            }
            return (objective, gradient)
        }
    }

    /// Flat indices of the unit's feature map on the optimised axis (see the type's comment).
    func unitIndices(_ activation: Tensor, unit: Int, axes: Int) -> [Int] {
        unitIndices(activation.shape, unit: unit, axes: axes, axis: axis)
    }

    func unitIndices(_ shape: Shape, unit: Int, axes: Int, axis: Int?) -> [Int] {
        precondition(shape.rank == 3 || shape.rank == 4, "activation maximization: feature maps must be (N, C, W) or (N, C, H, W), got \(shape)")
        precondition(unit >= 0 && unit < shape[1], "activation maximization: unit \(unit) of \(shape[1])")
        let channel = shape.countPerItem / shape[1]
        let start = unit * channel
        if shape.rank == 4, let axis {
            precondition(shape[2] == axes, "activation maximization: feature map \(shape) has no row per axis (\(axes) axes)")
            let width = shape[3]
            return Array((start + axis * width)..<(start + (axis + 1) * width))
        }
        return Array(start..<(start + channel))
    }

    /// Every activation of `unit` in `layer` over `inputs` (N, axes, time), all axes and
    /// positions — the sample `EAPThreshold.fit` takes. Runs in batches of `batchSize`.
    public static func unitActivations(_ network: Network, layer: String, unit: Int, inputs: Tensor,
                                       batchSize: Int = 256) -> [Float] {
        precondition(batchSize > 0, "unitActivations: batch size must be positive, got \(batchSize)")
        let helper = ActivationMaximization()
        var values: [Float] = []
        var start = 0
        while start < inputs.shape[0] {
            let end = min(start + batchSize, inputs.shape[0])
            let a = network.forward(inputs.items(start..<end), .evaluation, through: layer)
            let perItem = a.shape.countPerItem
            let indices = helper.unitIndices(a.shape, unit: unit, axes: 0, axis: nil)
            for item in 0..<(end - start) {
                for i in indices { values.append(a.data[item * perItem + i]) }
            }
            start = end
        }
        return values
    }
}
