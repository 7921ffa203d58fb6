import NeuralNet
import Tensors

/// SmoothGrad (Smilkov, Thorat, Kim, Viégas & Wattenberg 2017):
///
///     M̂_c(x) = (1/n) Σ_{j=1..n} M_c(x + g_j),   g_j ~ N(0, σ²),   σ = fraction · (max x − min x)
///
/// M_c the gradient of S_c (`Saliency`); max and min over all of the item's values, so σ
/// follows each image's own range. The defaults n = 50 and fraction 0.15 are the paper's
/// (it reports 10–20 % noise as best). `noise: "absolute"` instead takes one σ (`stdevs`)
/// for every item, as Captum's `NoiseTunnel(..., stdevs=σ)` does. The absolute value and the channel reduction are
/// applied to the mean, as Smilkov et al. average gradients and visualise the result; with
/// σ = 0 the map equals `Saliency` with the same options.
///
/// Noise rule. Every item draws its noise from its own `Generator(seed: seed)`, created afresh
/// at each call: copy j's noise for value e is normal number j·count + e of that stream, times
/// the item's σ. An item's map so depends only on the item, `samples` and `seed` — not on the
/// batch it comes in, its position there, `batchSize`, or earlier calls — and the same image
/// gets the same noise at every epoch, so epoch-to-epoch drift is not a re-draw of the noise.
/// The price: items of one shape share the standard-normal draws (each scaled by its own σ).
public struct SmoothGrad: ConfigurableMethod, Sendable {
    public static let name = "smoothgrad"
    /// n, the noisy copies averaged.
    public let samples: Int
    /// σ as a fraction of each item's value range (max − min).
    public let noiseFraction: Float
    /// When set, σ itself for every item (Captum's `stdevs`), and `noiseFraction` is not used.
    public let noiseStd: Float?
    public let seed: UInt64
    public let absolute: Bool
    public let channelReduction: ChannelReduction
    /// Noisy copies per forward/backward pass.
    public let batchSize: Int

    public init(samples: Int = 50, noiseFraction: Float = 0.15, noiseStd: Float? = nil, seed: UInt64 = 0, absolute: Bool = false,
                channelReduction: ChannelReduction = .none, batchSize: Int = 64) {
        precondition(samples >= 1, "smoothgrad: samples must be ≥ 1, got \(samples)")
        precondition(noiseFraction >= 0 && noiseFraction.isFinite, "smoothgrad: noise fraction must be ≥ 0, got \(noiseFraction)")
        precondition(noiseStd.map { $0 >= 0 && $0.isFinite } ?? true, "smoothgrad: σ must be ≥ 0, got \(noiseStd!)")
        precondition(batchSize > 0, "smoothgrad: batch size must be positive, got \(batchSize)")
        self.samples = samples
        self.noiseFraction = noiseFraction
        self.noiseStd = noiseStd
        self.seed = seed
        self.absolute = absolute
        self.channelReduction = channelReduction
        self.batchSize = batchSize
    }

    /// How σ is set: relative to each item's range (the paper's) or one value for all (Captum's).
    public enum NoiseScale: String, CaseIterable, Sendable { case relative, absolute }

    /// Spec options: `channelReduction` (none), `absolute` (false), `samples` (50), `noise`
    /// ("relative", then `noiseFraction` (0.15); or "absolute", then `stdevs` (1)), `noiseSeed` (0).
    /// Only the σ option of the chosen `noise` is read, so the other is refused as unknown.
    public init(_ p: some MethodParameters) throws {
        let reduction = try p.choice("channelReduction", default: ChannelReduction.none)
        let absolute = try p.flag("absolute", default: false)
        let samples = try p.integer("samples", default: 50, atLeast: 1)
        let scale = try p.choice("noise", default: NoiseScale.relative)
        let fraction = scale == .relative ? try p.number("noiseFraction", default: 0.15, atLeast: 0) : 0.15
        let std = scale == .absolute ? try p.number("stdevs", default: 1, atLeast: 0) : nil
        let seed = try p.integer("noiseSeed", default: 0, atLeast: 0)
        self.init(samples: samples, noiseFraction: Float(fraction), noiseStd: std.map(Float.init), seed: UInt64(seed),
                  absolute: absolute, channelReduction: reduction)
    }

    public func attribute(_ network: Network, inputs: Tensor, target: AttributionTarget) -> Tensor {
        let n = inputs.shape[0], per = inputs.shape.countPerItem
        let mean = Tensor(uninitialized: inputs.shape)
        for i in 0..<n {
            let sum = InputGradients.weightedSum(network, points: noisyCopies(of: inputs, item: i),
                                                 weights: [Double](repeating: 1, count: samples),
                                                 target: target.items(i..<i + 1), batchSize: batchSize)
            let out = mean.data + i * per
            for e in 0..<per { out[e] = Float(sum[e] / Double(samples)) }
        }
        return Saliency.finish(mean, absolute: absolute, channelReduction: channelReduction)
    }

    /// x + σ·z_j for j = 0..<n: (n, item shape…), drawn by the noise rule above.
    public func noisyCopies(of inputs: Tensor, item i: Int) -> Tensor {
        let per = inputs.shape.countPerItem
        let copies = Tensor(uninitialized: Shape([samples] + inputs.shape.dims.dropFirst()))
        let generator = Generator(seed: seed)
        withExtendedLifetime(inputs) {
            let x = inputs.data + i * per, out = copies.data
            var (low, high) = (Float.infinity, -Float.infinity)
            for e in 0..<per { low = min(low, x[e]); high = max(high, x[e]) }
            let sigma = noiseStd ?? (per > 0 ? noiseFraction * (high - low) : 0)
            for j in 0..<samples {
                let copy = out + j * per
                for e in 0..<per { copy[e] = x[e] + sigma * generator.normal() }
            }
        }
        return copies
    }
}
