import NeuralNet
import Tensors

/// Deletion and insertion curves (Petsiuk, Das & Saenko 2018), paper 002's way of scoring how
/// faithful a map is: rank the pixels by the map, then
///
///     deletion:  remove the top n_k pixels from x (set them to the baseline) and record p_c
///     insertion: start from the baseline and put back the top n_k pixels of x
///     n_k = ⌊k·P / steps⌋, k = 0…steps,   AUC = Σ_k (p_k + p_{k+1}) / 2 · (1 / steps)
///
/// p_c the softmax probability of the explained class (the raw output for a regression
/// target). A faithful map's deletion curve falls fast (low AUC) and its insertion curve rises
/// fast (high AUC). A pixel's rank is its map value summed over the map's channels, largest
/// first (the evidence for the class first), ties by pixel index; all channels of a pixel are
/// removed together.
public struct RemovalCurves: Equatable, Sendable {
    public let deletion: [Double]
    public let insertion: [Double]

    public var deletionAUC: Double { RemovalCurves.area(deletion) }
    public var insertionAUC: Double { RemovalCurves.area(insertion) }

    /// The trapezoid rule over k / steps ∈ [0, 1].
    public static func area(_ curve: [Double]) -> Double {
        guard curve.count > 1 else { return curve.first ?? 0 }
        var sum = 0.0
        for k in 0..<(curve.count - 1) { sum += (curve[k] + curve[k + 1]) / 2 }
        return sum / Double(curve.count - 1)
    }

    /// Pixel indices of item `i` of (N, C, H, W) maps, by channel-summed value, largest first
    /// (features of (N, D) maps).
    public static func order(_ original: Tensor, item i: Int) -> [Int] {
        let maps = RemovalView.images(original)
        let c = maps.shape[1], plane = maps.shape.countPerItem / c
        let score: [Float] = withExtendedLifetime(maps) {
            (0..<plane).map { p in
                var s: Float = 0
                for ch in 0..<c { s += maps.data[(i * c + ch) * plane + p] }
                return s
            }
        }
        return (0..<plane).sorted { score[$0] != score[$1] ? score[$0] > score[$1] : $0 < $1 }
    }

    /// Both curves for every item, in `steps` steps; `orders[i]` the pixel ranking of item i
    /// (`order(_:item:)` of its map, or any other ranking — a random one for the control).
    /// (N, D) series rows work too: their features are ranked and removed (`RemovalView`).
    public static func of(_ network: Network, inputs original: Tensor, orders: [[Int]], target: AttributionTarget,
                          steps: Int, baseline: RemovalBaseline, batchSize: Int = 256) -> [RemovalCurves] {
        let itemShape: [Int]? = original.shape.rank == 2 ? [original.shape[1]] : nil
        let inputs = RemovalView.images(original)
        precondition(inputs.shape.rank == 4 && steps >= 1, "removal curves need (N, C, H, W) images or (N, D) rows and ≥ 1 step")
        let (n, c, h, w) = (inputs.shape[0], inputs.shape[1], inputs.shape[2], inputs.shape[3])
        let plane = h * w, per = c * plane
        return withExtendedLifetime(inputs) {
            (0..<n).map { i in
                let x = inputs.data + i * per
                let base = baseline.image(of: inputs, item: i)
                let order = orders[i]
                precondition(order.count == plane, "a ranking of \(order.count) pixels for \(plane)")
                // Rows 0…steps: deletion copies; rows steps+1…2·steps+1: insertion copies.
                let copies = Tensor(uninitialized: [2 * (steps + 1), c, h, w])
                for k in 0...steps {
                    let removed = k * plane / steps
                    let deleted = copies.data + k * per, inserted = copies.data + (steps + 1 + k) * per
                    deleted.update(from: x, count: per)
                    base.withUnsafeBufferPointer { inserted.update(from: $0.baseAddress!, count: per) }
                    for p in order.prefix(removed) {
                        for ch in 0..<c { deleted[ch * plane + p] = base[ch * plane + p]; inserted[ch * plane + p] = x[ch * plane + p] }
                    }
                }
                let p = probabilities(network, copies, target: target, item: i, batchSize: batchSize, itemShape: itemShape)
                return RemovalCurves(deletion: Array(p[0...steps]), insertion: Array(p[(steps + 1)...]))
            }
        }
    }

    /// p_c (or the raw output) of every row of `copies`, all explaining item `i`'s target.
    static func probabilities(_ network: Network, _ copies: Tensor, target: AttributionTarget, item i: Int, batchSize: Int,
                              itemShape: [Int]?) -> [Double] {
        let entry = TargetScores.entry(target, item: i)
        var out: [Double] = []
        var start = 0
        while start < copies.shape[0] {
            let end = min(copies.shape[0], start + batchSize)
            let logits = network.forward(RemovalView.network(copies.items(start..<end), itemShape))
            let values: Tensor
            if case .classes = target { values = SoftmaxCrossEntropy.probabilities(logits) } else { values = logits }
            let k = values.shape[1]
            for r in 0..<(end - start) { out.append(Double(values.data[r * k + entry])) }
            start = end
        }
        return out
    }
}
