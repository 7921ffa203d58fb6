import Figures
import Tensors

/// How an image map is shown, the same in paper 003's Fig. 3 and `driftlab compare`: channels
/// summed, scaled by the map's max |value| into [−1, 1] for a diverging colour scale.
enum MapHeatmap {
    /// Item `i` of an (N, C, H, W) map batch; with `absolute`, |Σ_c m_c| in [0, 1] (paper 001's Fig. 6).
    static func normalized(_ maps: Tensor, item i: Int, absolute: Bool = false) -> Grid2D {
        let c = maps.shape[1], h = maps.shape[2], w = maps.shape[3]
        var values = [Double](repeating: 0, count: h * w)
        withExtendedLifetime(maps) {
            for ch in 0..<c { for p in 0..<(h * w) { values[p] += Double(maps.data[(i * c + ch) * h * w + p]) } }
        }
        if absolute { values = values.map(abs) }
        let scale = values.map(abs).max() ?? 0
        return Grid2D(rows: h, cols: w, values: scale > 0 ? values.map { $0 / scale } : values)
    }
}
