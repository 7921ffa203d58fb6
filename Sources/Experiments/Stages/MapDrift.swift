import Metrics
import Tensors

/// How far two maps of one sample lie apart: what the over-training study measures per epoch and
/// `driftlab compare` between two checkpoints.
enum MapDrift {
    /// SSIM and Spearman of item `i` of two (N, C, H, W) map batches; nil where undefined or
    /// not asked for.
    static func pair(_ a: Tensor, _ b: Tensor, item i: Int, _ drift: DriftSpec,
                     ssim measureSSIM: Bool = true, spearman measureSpearman: Bool = true) -> (ssim: Double?, spearman: Double?) {
        let c = a.shape[1], h = a.shape[2], w = a.shape[3], per = c * h * w
        let x = Array(a.buffer[(i * per)..<((i + 1) * per)]), y = Array(b.buffer[(i * per)..<((i + 1) * per)])
        let ssim = !measureSSIM ? nil : try? StructuralSimilarity.meanOverChannels(x, y, channels: c, height: h, width: w,
                                                              windowSize: min(drift.ssimWindow, h, w), dataRange: drift.dataRange)
        let spearman = !measureSpearman ? nil : try? SpearmanCorrelation.of(x, y)
        return (ssim, spearman)
    }
}
