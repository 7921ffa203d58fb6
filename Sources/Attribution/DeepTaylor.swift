import NeuralNet
import Tensors

/// Deep Taylor decomposition (Montavon, Lapuschkin, Binder, Samek & Müller 2017, "Explaining
/// nonlinear classification decisions with deep Taylor decomposition"), the LRP rules for ReLU
/// networks that paper 001 compares against.
///
/// The relevance starts as the explained score, R_k = S_c(x)·[k = c] on the output (before the
/// softmax), and goes down layer by layer. With a_i a layer's input and w_ij its weights:
///
///     conv / linear, z⁺ rule (inputs a_i ≥ 0, after a ReLU or a pool of ReLUs):
///         R_i = a_i Σ_j w⁺_ij R_j / z_j,                   z_j = Σ_i a_i w⁺_ij
///     the first conv / linear (on the pixels), z^B rule for inputs in a box l ≤ x_i ≤ h:
///         R_i = Σ_j (x_i w_ij − l w⁺_ij − h w⁻_ij) R_j / z_j,  z_j = Σ_i (x_i w_ij − l w⁺_ij − h w⁻_ij)
///       with l and h the item's own smallest and largest input value (over all channels), so
///       every term is ≥ 0 whatever the normalisation; `inputRule: "z-plus"` uses z⁺ there too
///       (meant for inputs ≥ 0).
///     ReLU, dropout (evaluation): R passes unchanged.
///     max-pool: each window's R goes to its winner — the unit max-pool's gradient routes to.
///     average pool, global average pool: z⁺ over the window (its weights 1/k are positive).
///     flatten / unflatten: R is reshaped.
///
/// w⁺ = max(w, 0), w⁻ = min(w, 0). Biases take no relevance, so Σ_i R_i = Σ_j R_j at every
/// layer, over the units j with z_j > 0: a unit with z_j = 0 (no positive evidence below it)
/// has s_j = 0 and its relevance is dropped; a ReLU unit can have z_j = 0 and R_j ≠ 0 only
/// through a positive bias. In Float, R_j / z_j is formed once per unit and the sums are the
/// layers' own forward and backward passes, so conservation holds to rounding.
///
/// The map is (N, C, H, W) relevance, then the optional `ChannelReduction` (`.sum` keeps the
/// conservation). Layers other than the ones above (BatchNorm, residual blocks) have no rule
/// here: `unsupported(by:)` names them, and studies refuse such a spec before training.
public struct DeepTaylor: ConfigurableMethod, ModelCheckedMethod, Sendable {
    public static let name = "deep-taylor"

    /// The rule of the first weighted layer.
    public enum InputRule: String, Sendable, CaseIterable {
        case zB = "z-b", zPlus = "z-plus"
    }

    public let inputRule: InputRule
    public let channelReduction: ChannelReduction
    /// Items per forward/backward pass: bounds the memory of the activations, not the result.
    public let batchSize: Int

    public init(inputRule: InputRule = .zB, channelReduction: ChannelReduction = .none, batchSize: Int = 64) {
        precondition(batchSize > 0, "deep taylor: batch size must be positive, got \(batchSize)")
        self.inputRule = inputRule
        self.channelReduction = channelReduction
        self.batchSize = batchSize
    }

    /// Spec options: `channelReduction` (none), `inputRule` ("z-b").
    public init(_ p: some MethodParameters) throws {
        let reduction = try p.choice("channelReduction", default: ChannelReduction.none)
        self.init(inputRule: try p.choice("inputRule", default: InputRule.zB), channelReduction: reduction)
    }

    public func unsupported(by network: Network) -> String? {
        for (path, layer) in LayerSequence(network).layers where !Self.hasRule(layer) {
            return "deep-taylor has no relevance rule for layer \(path) (\(type(of: layer)))"
        }
        return nil
    }

    static func hasRule(_ layer: Layer) -> Bool {
        layer is Conv2d || layer is Linear || layer is ReLU || layer is Dropout || layer is MaxPool2d
            || layer is AvgPool2d || layer is GlobalAvgPool || layer is Flatten || layer is Unflatten
    }

    public func attribute(_ network: Network, inputs: Tensor, target: AttributionTarget) -> Tensor {
        if let problem = unsupported(by: network) { preconditionFailure(problem) }
        let chain = LayerSequence(network)
        let firstWeighted = chain.layers.firstIndex { $0.layer is Conv2d || $0.layer is Linear }
        let n = inputs.shape[0], per = inputs.shape.countPerItem
        let result = Tensor(uninitialized: inputs.shape)
        for start in stride(from: 0, to: n, by: batchSize) {
            let range = start..<min(start + batchSize, n)
            let values = chain.forward(inputs.items(range))
            var r = Self.outputRelevance(values.last!, target: target.items(range))
            for k in chain.layers.indices.reversed() {
                let layer = chain.layers[k].layer, a = values[k]
                switch layer {
                case is Conv2d, is Linear:
                    r = k == firstWeighted && inputRule == .zB ? Self.zB(layer, a, r) : Self.zPlus(Self.biasFree(layer) { max($0, 0) }, a, r)
                case is ReLU, is Dropout:
                    continue
                case is MaxPool2d, is Flatten, is Unflatten:
                    r = layer.backward(r, .inputOnly)  // winner of each window / reshape; the layer last ran on `a`
                default:  // average pools: fixed positive weights, no bias
                    r = Self.zPlus(layer, a, r)
                }
            }
            withExtendedLifetime(r) { (result.data + start * per).update(from: r.data, count: range.count * per) }
        }
        return channelReduction.apply(result)
    }

    /// S_c(x) at each item's explained entry of the (N, K) output, 0 elsewhere.
    static func outputRelevance(_ output: Tensor, target: AttributionTarget) -> Tensor {
        let seed = target.seed(for: output)
        withExtendedLifetime(output) {
            let s = seed.data, y = output.data  // both (N, K)
            for i in 0..<seed.count { s[i] *= y[i] }
        }
        return seed
    }

    /// z⁺ through `positive` (a layer with weights ≥ 0 and no bias): a ⊙ Wᵀ(R ⊘ W a).
    static func zPlus(_ positive: Layer, _ a: Tensor, _ r: Tensor) -> Tensor {
        let s = ratio(r, positive.forward(a, .evaluation))
        let c = positive.backward(s, .inputOnly)
        combine(c, [(a, 1)])
        return c
    }

    /// z^B with l, h the item's own min and max:
    /// x ⊙ Wᵀs − l ⊙ W⁺ᵀs − h ⊙ W⁻ᵀs,  s = R ⊘ (W x − W⁺ l − W⁻ h).
    static func zB(_ layer: Layer, _ x: Tensor, _ r: Tensor) -> Tensor {
        let (low, high) = itemBounds(x)
        let plain = biasFree(layer) { $0 }, positive = biasFree(layer) { max($0, 0) }, negative = biasFree(layer) { min($0, 0) }
        let z = plain.forward(x, .evaluation)
        z.add(positive.forward(low, .evaluation), scaledBy: -1)
        z.add(negative.forward(high, .evaluation), scaledBy: -1)
        let s = ratio(r, z)
        let fromX = plain.backward(s, .inputOnly), fromLow = positive.backward(s, .inputOnly), fromHigh = negative.backward(s, .inputOnly)
        combine(fromX, [(x, 1)])
        combine(fromLow, [(low, -1)])
        combine(fromHigh, [(high, -1)])
        fromX.add(fromLow)
        fromX.add(fromHigh)
        return fromX
    }

    /// R_j / z_j where z_j > 0, else 0.
    static func ratio(_ r: Tensor, _ z: Tensor) -> Tensor {
        precondition(r.shape == z.shape, "deep taylor: relevance \(r.shape) for outputs \(z.shape)")
        let s = Tensor(uninitialized: r.shape)
        withExtendedLifetime((r, z)) {
            let rp = r.data, zp = z.data, sp = s.data
            for i in 0..<r.count { sp[i] = zp[i] > 0 ? rp[i] / zp[i] : 0 }
        }
        return s
    }

    /// c ← c ⊙ (sign · f) for each (f, sign), in place; all of one shape.
    static func combine(_ c: Tensor, _ factors: [(Tensor, Float)]) {
        for (f, sign) in factors {
            precondition(f.shape == c.shape, "deep taylor: \(f.shape) against \(c.shape)")
            withExtendedLifetime(f) {
                let cp = c.data, fp = f.data
                for i in 0..<c.count { cp[i] *= sign * fp[i] }
            }
        }
    }

    /// Tensors of x's shape holding each item's smallest and largest value.
    static func itemBounds(_ x: Tensor) -> (Tensor, Tensor) {
        let low = Tensor(uninitialized: x.shape), high = Tensor(uninitialized: x.shape)
        let n = x.shape[0], per = x.shape.countPerItem
        withExtendedLifetime(x) {
            for i in 0..<n {
                let item = x.data + i * per  // (per)
                var (l, h) = (Float.infinity, -Float.infinity)
                for e in 0..<per { l = min(l, item[e]); h = max(h, item[e]) }
                (low.data + i * per).update(repeating: l, count: per)
                (high.data + i * per).update(repeating: h, count: per)
            }
        }
        return (low, high)
    }

    /// A copy of a conv or linear layer without bias and with weights `transform(w)`.
    static func biasFree(_ layer: Layer, _ transform: (Float) -> Float) -> Layer {
        let copy: Layer, source: Tensor, target: Parameter
        let unused = Generator(seed: 0)  // the initial weights are overwritten below
        if let conv = layer as? Conv2d {
            let c = Conv2d(conv.inChannels, conv.outChannels, kernel: conv.kernel, stride: conv.stride, padding: conv.padding,
                           bias: false, generator: unused)
            (copy, source, target) = (c, conv.weight.value, c.weight)
        } else if let linear = layer as? Linear {
            let l = Linear(linear.inFeatures, linear.outFeatures, bias: false, generator: unused)
            (copy, source, target) = (l, linear.weight.value, l.weight)
        } else {
            preconditionFailure("deep taylor: \(type(of: layer)) has no weights to copy")
        }
        withExtendedLifetime(source) {
            let s = source.data, d = target.value.data
            for i in 0..<source.count { d[i] = transform(s[i]) }
        }
        return copy
    }
}
