import NeuralNet
import Tensors

/// What a removed feature is replaced with (paper 002: the output's change when a feature is
/// removed), for occlusion, feature ablation and the deletion / insertion curves.
public enum RemovalBaseline: Equatable, Sendable {
    /// 0 everywhere: black in [0, 1] images.
    case zero
    /// One value everywhere, e.g. the normalised value of black.
    case constant(Float)
    /// The item itself blurred by a (2r + 1)² box (clamped at the borders), so a removed pixel
    /// keeps its neighbourhood's colour and no sharp edge is drawn into the image.
    case blur(radius: Int)
    /// Each channel's mean over the training images (for (N, D) series: each feature's), which
    /// the experiment layer fills in (`RemovalMethod.fitted`); `nil` until then.
    case datasetMean([Float]?)

    /// The spec's names (`baseline`), with `baselineValue` for "constant", `blurRadius` for "blur".
    public enum Kind: String, CaseIterable, Sendable { case zero, constant, blur, datasetMean = "dataset-mean" }

    /// Reads `baseline` and its one parameter.
    public init(_ p: some MethodParameters) throws {
        switch try p.choice("baseline", default: Kind.zero) {
        case .zero: self = .zero
        case .constant: self = .constant(Float(try p.number("baselineValue", default: 0, atLeast: nil)))
        case .blur: self = .blur(radius: try p.integer("blurRadius", default: 3, atLeast: 1))
        case .datasetMean: self = .datasetMean(nil)
        }
    }

    /// The baseline image of item `i` of an (N, C, H, W) batch, (C, H, W) values.
    public func image(of inputs: Tensor, item i: Int) -> [Float] {
        let c = inputs.shape[1], h = inputs.shape[2], w = inputs.shape[3], plane = h * w
        switch self {
        case .zero: return [Float](repeating: 0, count: c * plane)
        case .constant(let v): return [Float](repeating: v, count: c * plane)
        case .datasetMean(let means):
            // One mean per channel, or one per value (a series' features, viewed as (1, 1, D)).
            precondition(means?.count == c || means?.count == c * plane, "dataset-mean baseline: fit it to the training data first")
            return means!.count == c * plane ? means! : (0..<c).flatMap { [Float](repeating: means![$0], count: plane) }
        case .blur(let r):
            var out = [Float](repeating: 0, count: c * plane)
            withExtendedLifetime(inputs) {
                let x = inputs.data + i * c * plane  // (C, H, W)
                for ch in 0..<c {
                    for y in 0..<h {
                        for xx in 0..<w {
                            // Sum in row-major order over the clamped window: a fixed order.
                            var sum: Float = 0, n = 0
                            for yy in max(0, y - r)...min(h - 1, y + r) {
                                for xw in max(0, xx - r)...min(w - 1, xx + r) { sum += x[ch * plane + yy * w + xw]; n += 1 }
                            }
                            out[ch * plane + y * w + xx] = sum / Float(n)
                        }
                    }
                }
            }
            return out
        }
    }

    /// The resolved `datasetMean` from training data: each channel's mean of (N, C, H, W)
    /// images, each feature's of (N, D) rows; in Double, summed in index order.
    public static func channelMeans(_ images: Tensor) -> [Float] {
        if images.shape.rank == 2 { return channelMeans(images.reshaped([images.shape[0], images.shape[1], 1, 1])) }
        let n = images.shape[0], c = images.shape[1], plane = images.shape.countPerItem / max(c, 1)
        return withExtendedLifetime(images) {
            (0..<c).map { ch in
                var sum = 0.0
                for i in 0..<n { let p = images.data + (i * c + ch) * plane; for e in 0..<plane { sum += Double(p[e]) } }
                return Float(sum / Double(max(n * plane, 1)))
            }
        }
    }
}

/// A method that removes features: the experiment layer gives it the training images' channel
/// means when its baseline is "dataset-mean".
public protocol RemovalMethod: ConfigurableMethod {
    var baseline: RemovalBaseline { get }
    func with(baseline: RemovalBaseline) -> Self
}

extension RemovalMethod {
    /// This method with a dataset-mean baseline filled from `trainingImages`; unchanged otherwise.
    public func fitted(to trainingImages: Tensor) -> Self {
        guard case .datasetMean = baseline else { return self }
        return with(baseline: .datasetMean(RemovalBaseline.channelMeans(trainingImages)))
    }
}

/// Target scores S (the explained output entry of each row) of many inputs, `batchSize` rows
/// per forward pass; one item's score depends only on that item (the forward pass treats the
/// rows of a batch independently), so the split does not change a bit. `itemShape`: what the
/// network takes per item, when the inputs are a (rows, 1, 1, D) view of (rows, D) series.
enum TargetScores {
    static func of(_ network: Network, _ inputs: Tensor, entries: [Int], batchSize: Int, itemShape: [Int]? = nil) -> [Float] {
        let n = inputs.shape[0]
        var scores = [Float](repeating: 0, count: n)
        var start = 0
        while start < n {
            let end = min(n, start + batchSize)
            let out = network.forward(RemovalView.network(inputs.items(start..<end), itemShape))  // (rows, K)
            let k = out.shape[1]
            for r in start..<end { scores[r] = out.data[(r - start) * k + entries[r]] }
            start = end
        }
        return scores
    }

    /// The output entry `target` explains for item `i`.
    static func entry(_ target: AttributionTarget, item i: Int) -> Int {
        switch target {
        case .output(let index): return index
        case .classes(let classes): return classes[i]
        }
    }
}

/// Removal works on (N, C, H, W); an (N, D) series is viewed as (N, 1, 1, D) — its features are
/// the "pixels" — and reshaped back for the network.
public enum RemovalView {
    public static func images(_ inputs: Tensor) -> Tensor {
        inputs.shape.rank == 2 ? inputs.reshaped([inputs.shape[0], 1, 1, inputs.shape[1]]) : inputs
    }
    static func network(_ rows: Tensor, _ itemShape: [Int]?) -> Tensor {
        guard let itemShape else { return rows }
        return rows.reshaped(Shape([rows.shape[0]] + itemShape))
    }
}
