import Tensors

/// How an image method turns its (N, C, H, W) map into the per-pixel heatmap paper 003 shows.
///
/// The convention every image method of this module follows: a map first has the input's
/// shape (N, C, H, W) — Grad-CAM's, which has no channels, (N, 1, H, W) — and the method's
/// `channelReduction` is applied last. `.none` (every method's default) keeps the input's
/// shape, as `AttributionMethod` promises, and loses nothing: for one-channel inputs (MNIST,
/// Fashion-MNIST) it already is the per-pixel map, and for colour images the study picks the
/// reduction once and passes it to every method. Any other reduction gives (N, 1, H, W).
public enum ChannelReduction: String, Sendable, CaseIterable {
    /// The map as computed, (N, C, H, W).
    case none
    /// max_c |M_c|: Simonyan et al. (2014)'s per-pixel saliency for colour images.
    case maxAbs = "max-abs"
    /// Σ_c M_c: keeps signs and, for integrated gradients, completeness.
    case sum

    /// The reduced map of an (N, C, spatial…) map: (N, 1, spatial…), or `maps` itself for `.none`.
    public func apply(_ maps: Tensor) -> Tensor {
        if self == .none { return maps }
        precondition(maps.shape.rank >= 3 && maps.shape[1] >= 1, "channel reduction needs (N, C, spatial…) maps, got \(maps.shape)")
        let (n, c) = (maps.shape[0], maps.shape[1])
        let s = maps.shape.countPerItem / c
        let result = Tensor(uninitialized: Shape([n, 1] + maps.shape.dims.dropFirst(2)))
        withExtendedLifetime(maps) {
            let src = maps.data, dst = result.data
            for i in 0..<n {
                let item = src + i * c * s, out = dst + i * s  // item: (C, S), out: (S)
                for j in 0..<s {
                    var r: Float = self == .maxAbs ? abs(item[j]) : item[j]
                    for ch in 1..<c {
                        let v = item[ch * s + j]
                        r = self == .maxAbs ? max(r, abs(v)) : r + v
                    }
                    out[j] = r
                }
            }
        }
        return result
    }
}
