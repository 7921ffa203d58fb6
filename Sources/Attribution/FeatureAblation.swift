import NeuralNet
import Tensors

/// Feature ablation (Captum's `FeatureAblation`; paper 002's "ideal" attribution): remove each
/// input value on its own, replacing it with the baseline's, and record the target score's drop:
///
///     A(x)_e = S_c(x) − S_c(x with x_e := b_e)
///
/// S_c before the softmax. On a linear model A_e = w_e (x_e − b_e) exactly. Maps have the
/// input's shape (N, C, H, W) before the channel reduction; `perPixel` removes all channels of
/// a pixel at once instead (then the map is (N, 1, H, W), the same as occlusion with a 1×1 patch).
public struct FeatureAblation: RemovalMethod, Sendable {
    public static let name = "feature-ablation"
    public let baseline: RemovalBaseline
    public let perPixel: Bool
    public let channelReduction: ChannelReduction
    /// Ablated copies per forward pass: bounds memory, not the result.
    public let batchSize: Int

    public init(baseline: RemovalBaseline = .zero, perPixel: Bool = false, channelReduction: ChannelReduction = .none, batchSize: Int = 256) {
        precondition(batchSize >= 1, "feature ablation: batch size must be ≥ 1")
        self.baseline = baseline
        self.perPixel = perPixel
        self.channelReduction = channelReduction
        self.batchSize = batchSize
    }

    /// Spec options: `channelReduction` (none), `perPixel` (false), `baseline` as occlusion's.
    public init(_ p: some MethodParameters) throws {
        let reduction = try p.choice("channelReduction", default: ChannelReduction.none)
        let perPixel = try p.flag("perPixel", default: false)
        self.init(baseline: try RemovalBaseline(p), perPixel: perPixel, channelReduction: reduction)
    }

    public func with(baseline: RemovalBaseline) -> FeatureAblation {
        FeatureAblation(baseline: baseline, perPixel: perPixel, channelReduction: channelReduction, batchSize: batchSize)
    }

    /// Images (N, C, H, W), or series rows (N, D) whose every feature is removed on its own.
    public func attribute(_ network: Network, inputs: Tensor, target: AttributionTarget) -> Tensor {
        if inputs.shape.rank == 2 {
            let itemShape = [inputs.shape[1]]
            return ablate(network, RemovalView.images(inputs), target: target, itemShape: itemShape).reshaped(inputs.shape)
        }
        return ablate(network, inputs, target: target, itemShape: nil)
    }

    func ablate(_ network: Network, _ inputs: Tensor, target: AttributionTarget, itemShape: [Int]?) -> Tensor {
        precondition(inputs.shape.rank == 4, "feature ablation needs (N, C, H, W) images or (N, D) rows, got \(inputs.shape)")
        let (n, c) = (inputs.shape[0], inputs.shape[1])
        let per = inputs.shape.countPerItem, plane = per / c
        let features = perPixel ? plane : per
        let maps = Tensor(zeros: perPixel ? [n, 1, inputs.shape[2], inputs.shape[3]] : inputs.shape)
        withExtendedLifetime(inputs) {
            for i in 0..<n {
                let x = inputs.data + i * per  // (C, H, W)
                let base = baseline.image(of: inputs, item: i)
                let entry = TargetScores.entry(target, item: i)
                let clean = TargetScores.of(network, inputs.items(i..<i + 1), entries: [entry], batchSize: 1, itemShape: itemShape)[0]
                // Features in index order, `batchSize` ablated copies at a time.
                var start = 0
                while start < features {
                    let end = min(features, start + batchSize)
                    let copies = Tensor(uninitialized: [end - start, c, inputs.shape[2], inputs.shape[3]])
                    for f in start..<end {
                        let dst = copies.data + (f - start) * per
                        dst.update(from: x, count: per)
                        if perPixel { for ch in 0..<c { dst[ch * plane + f] = base[ch * plane + f] } } else { dst[f] = base[f] }
                    }
                    let scores = TargetScores.of(network, copies, entries: [Int](repeating: entry, count: end - start), batchSize: end - start,
                                                     itemShape: itemShape)
                    for f in start..<end { maps.data[i * features + f] = clean - scores[f - start] }
                    start = end
                }
            }
        }
        return perPixel || itemShape != nil ? maps : channelReduction.apply(maps)
    }
}
