import NeuralNet
import Tensors

/// Occlusion (Zeiler & Fergus 2014; Captum's `Occlusion`): slide a patch over the image, replace
/// it (every channel) with the baseline, and record how much the target score drops:
///
///     Δ_P = S_c(x) − S_c(x with patch P := baseline)
///     A(p) = (1/|{P ∋ p}|) Σ_{P ∋ p} Δ_P
///
/// S_c the score before the softmax. Patches are `patch`×`patch` with top-left corners every
/// `stride` pixels, plus one flush with the bottom / right edge where the stride does not reach
/// it, so every pixel is covered. With stride = patch each pixel gets its own patch's Δ; with a
/// 1×1 patch on a linear model A(p) = Σ_c w_c (x_c − b_c). Maps are per pixel, (N, 1, H, W).
public struct Occlusion: RemovalMethod, Sendable {
    public static let name = "occlusion"
    public let patch: Int
    public let stride: Int
    public let baseline: RemovalBaseline
    /// Occluded copies per forward pass: bounds memory, not the result.
    public let batchSize: Int

    public init(patch: Int = 4, stride: Int? = nil, baseline: RemovalBaseline = .zero, batchSize: Int = 256) {
        precondition(patch >= 1 && (stride ?? patch) >= 1 && batchSize >= 1, "occlusion: patch, stride and batch size must be ≥ 1")
        self.patch = patch
        self.stride = stride ?? patch
        self.baseline = baseline
        self.batchSize = batchSize
    }

    /// Spec options: `patch` (4), `stride` (the patch), `baseline` (zero; or constant with
    /// `baselineValue`, blur with `blurRadius`, dataset-mean).
    public init(_ p: some MethodParameters) throws {
        let patch = try p.integer("patch", default: 4, atLeast: 1)
        let stride = try p.integer("stride", default: patch, atLeast: 1)
        self.init(patch: patch, stride: stride, baseline: try RemovalBaseline(p))
    }

    public func with(baseline: RemovalBaseline) -> Occlusion { Occlusion(patch: patch, stride: stride, baseline: baseline, batchSize: batchSize) }

    /// Top-left corners along an axis of `size`: 0, stride, … and one flush with the end.
    static func corners(_ size: Int, patch: Int, stride: Int) -> [Int] {
        let last = max(size - patch, 0)
        var out = Array(Swift.stride(from: 0, through: last, by: stride))
        if out.last != last { out.append(last) }
        return out
    }

    public func attribute(_ network: Network, inputs: Tensor, target: AttributionTarget) -> Tensor {
        precondition(inputs.shape.rank == 4, "occlusion needs (N, C, H, W) images, got \(inputs.shape)")
        let (n, c, h, w) = (inputs.shape[0], inputs.shape[1], inputs.shape[2], inputs.shape[3])
        let plane = h * w, per = c * plane
        let ys = Self.corners(h, patch: patch, stride: stride), xs = Self.corners(w, patch: patch, stride: stride)
        let maps = Tensor(zeros: [n, 1, h, w])
        withExtendedLifetime(inputs) {
            for i in 0..<n {
                let x = inputs.data + i * per  // (C, H, W)
                let base = baseline.image(of: inputs, item: i)
                // Copy 0 is the item itself, then one occluded copy per patch, row-major.
                let copies = Tensor(uninitialized: [1 + ys.count * xs.count, c, h, w])
                for k in 0..<copies.shape[0] { (copies.data + k * per).update(from: x, count: per) }
                var k = 1
                for y0 in ys {
                    for x0 in xs {
                        let dst = copies.data + k * per
                        for ch in 0..<c {
                            for y in y0..<min(y0 + patch, h) {
                                for xx in x0..<min(x0 + patch, w) { dst[ch * plane + y * w + xx] = base[ch * plane + y * w + xx] }
                            }
                        }
                        k += 1
                    }
                }
                let entry = TargetScores.entry(target, item: i)
                let scores = TargetScores.of(network, copies, entries: [Int](repeating: entry, count: copies.shape[0]), batchSize: batchSize)
                // Σ Δ and the count of patches per pixel, in patch order.
                var sum = [Float](repeating: 0, count: plane), count = [Float](repeating: 0, count: plane)
                k = 1
                for y0 in ys {
                    for x0 in xs {
                        let delta = scores[0] - scores[k]
                        for y in y0..<min(y0 + patch, h) {
                            for xx in x0..<min(x0 + patch, w) { sum[y * w + xx] += delta; count[y * w + xx] += 1 }
                        }
                        k += 1
                    }
                }
                let out = maps.data + i * plane
                for p in 0..<plane { out[p] = sum[p] / count[p] }
            }
        }
        return maps
    }
}
