/// Mean structural similarity (MSSIM, Wang et al. 2004) between two 2-D maps, as paper 003
/// measures heatmap drift against the reference epoch.
///
/// Uniform square windows of `windowSize` × `windowSize` pixels at stride 1, full windows
/// only (no padding), mean over all windows. Equals
/// `skimage.metrics.structural_similarity(x, y, win_size=w, data_range=R,
/// use_sample_covariance=True, gaussian_weights=False)` on float64 copies of the maps
/// (skimage takes odd window sizes only; any size ≥ 2 works here).
///
/// Data range R: when not given, max − min over the values of *both* maps (subtracted in
/// Double, so it can differ from a float32 `x.max() - x.min()` in numpy; all channels for
/// the channel form, per pair for the batch form), so two maps on different scales, as
/// saliency is between a reference and an over-trained epoch, share one R. If that is 0 the
/// maps are one and the same constant and the SSIM is 1. An explicit R must be > 0.
///
/// Cost O(H·W) per pair: window sums come from summed-area tables (in Double), not from
/// re-summing each window.
public enum StructuralSimilarity {
    static let name = "SSIM"
    public static let defaultWindowSize = 7
    /// Wang et al.'s stabilising constants: C1 = (K1·R)², C2 = (K2·R)².
    public static let k1 = 0.01, k2 = 0.03

    /// One pair of H×W maps, row-major.
    public static func of(_ x: [Float], _ y: [Float], height: Int, width: Int,
                          windowSize: Int = defaultWindowSize, dataRange: Double? = nil) throws -> Double {
        try x.withUnsafeBufferPointer { xb in
            try y.withUnsafeBufferPointer { yb in
                try of(xb, yb, height: height, width: width, windowSize: windowSize, dataRange: dataRange)
            }
        }
    }

    public static func of(_ x: UnsafeBufferPointer<Float>, _ y: UnsafeBufferPointer<Float>, height: Int, width: Int,
                          windowSize: Int = defaultWindowSize, dataRange: Double? = nil) throws -> Double {
        try check(x, y, planes: 1, height: height, width: width, windowSize: windowSize, dataRange: dataRange)
        let range = dataRange ?? observedRange(x, y)
        if range == 0 { return 1 }
        var tables = SummedAreaTables(height: height, width: width)
        return tables.meanSSIM(x, y, windowSize: windowSize, dataRange: range)
    }

    /// N pairs of H×W maps stored (N, H, W) row-major: one MSSIM per pair. Without an explicit
    /// data range each pair gets its own (max − min over that pair).
    public static func batch(_ x: [Float], _ y: [Float], count: Int, height: Int, width: Int,
                             windowSize: Int = defaultWindowSize, dataRange: Double? = nil) throws -> [Double] {
        try x.withUnsafeBufferPointer { xb in
            try y.withUnsafeBufferPointer { yb in
                try check(xb, yb, planes: count, height: height, width: width, windowSize: windowSize, dataRange: dataRange)
                var tables = SummedAreaTables(height: height, width: width)
                let plane = height * width
                return (0..<count).map { n in
                    let xs = UnsafeBufferPointer(rebasing: xb[n * plane ..< (n + 1) * plane])
                    let ys = UnsafeBufferPointer(rebasing: yb[n * plane ..< (n + 1) * plane])
                    let range = dataRange ?? observedRange(xs, ys)
                    return range == 0 ? 1 : tables.meanSSIM(xs, ys, windowSize: windowSize, dataRange: range)
                }
            }
        }
    }

    /// One pair of C-channel maps stored (C, H, W): the MSSIM of each channel, averaged over
    /// channels (skimage's `channel_axis`). One data range for all channels.
    public static func meanOverChannels(_ x: [Float], _ y: [Float], channels: Int, height: Int, width: Int,
                                        windowSize: Int = defaultWindowSize, dataRange: Double? = nil) throws -> Double {
        try x.withUnsafeBufferPointer { xb in
            try y.withUnsafeBufferPointer { yb in
                try check(xb, yb, planes: channels, height: height, width: width, windowSize: windowSize, dataRange: dataRange)
                let range = dataRange ?? observedRange(xb, yb)
                if range == 0 { return 1 }
                var tables = SummedAreaTables(height: height, width: width)
                let plane = height * width
                var total = 0.0
                for c in 0..<channels {
                    total += tables.meanSSIM(UnsafeBufferPointer(rebasing: xb[c * plane ..< (c + 1) * plane]),
                                             UnsafeBufferPointer(rebasing: yb[c * plane ..< (c + 1) * plane]),
                                             windowSize: windowSize, dataRange: range)
                }
                return total / Double(channels)
            }
        }
    }

    static func check(_ x: UnsafeBufferPointer<Float>, _ y: UnsafeBufferPointer<Float>, planes: Int,
                      height: Int, width: Int, windowSize: Int, dataRange: Double?) throws {
        guard planes >= 1, height >= 1, width >= 1 else {
            throw MetricError(name, .emptyInput, "shape (\(planes), \(height), \(width)) has no pixels")
        }
        // The unbiased (N − 1) variance needs N = w² ≥ 2 pixels per window.
        guard windowSize >= 2 else {
            throw MetricError(name, .invalidArgument, "window size must be at least 2, got \(windowSize)")
        }
        guard height >= windowSize, width >= windowSize else {
            throw MetricError(name, .mapSmallerThanWindow,
                              "map \(height)×\(width) is smaller than the \(windowSize)×\(windowSize) window")
        }
        let expected = planes * height * width
        try MetricError.requireSameCount(x.count, y.count, name)
        guard x.count == expected else {
            throw MetricError(name, .mismatchedLengths,
                              "\(x.count) values for shape (\(planes), \(height), \(width)) = \(expected)")
        }
        try MetricError.requireFinite(x, "first map", name)
        try MetricError.requireFinite(y, "second map", name)
        if let range = dataRange, !(range > 0 && range.isFinite) {
            throw MetricError(name, .invalidArgument, "data range must be positive and finite, got \(range)")
        }
    }

    /// max − min over both inputs together.
    static func observedRange(_ x: UnsafeBufferPointer<Float>, _ y: UnsafeBufferPointer<Float>) -> Double {
        var low = x[0], high = x[0]
        for v in x { low = min(low, v); high = max(high, v) }
        for v in y { low = min(low, v); high = max(high, v) }
        return Double(high) - Double(low)
    }
}

/// Summed-area tables of x, y, x², y², xy for one H×W pair, kept between pairs of a batch.
/// Entry (i, j) of a table, with row stride W + 1, holds the sum over rows < i and
/// columns < j, so any window sum is four lookups.
struct SummedAreaTables {
    let height: Int, width: Int
    var sx: [Double], sy: [Double], sxx: [Double], syy: [Double], sxy: [Double]

    init(height: Int, width: Int) {
        self.height = height
        self.width = width
        let size = (height + 1) * (width + 1)
        sx = [Double](repeating: 0, count: size)
        sy = sx; sxx = sx; syy = sx; sxy = sx
    }

    mutating func meanSSIM(_ x: UnsafeBufferPointer<Float>, _ y: UnsafeBufferPointer<Float>,
                           windowSize w: Int, dataRange: Double) -> Double {
        let h = height, width = width, stride = width + 1
        // Centre each map on its overall mean before summing squares: variances and the
        // covariance do not change, and Σa² − (Σa)²/N no longer cancels a large offset.
        var meanX = 0.0, meanY = 0.0
        for i in 0..<(h * width) { meanX += Double(x[i]); meanY += Double(y[i]) }
        meanX /= Double(h * width)
        meanY /= Double(h * width)

        sx.withUnsafeMutableBufferPointer { tx in
        sy.withUnsafeMutableBufferPointer { ty in
        sxx.withUnsafeMutableBufferPointer { txx in
        syy.withUnsafeMutableBufferPointer { tyy in
        sxy.withUnsafeMutableBufferPointer { txy in
            // Row 0 and column 0 stay 0. T(i+1, j+1) = T(i, j+1) + Σ_{c ≤ j} row i.
            for i in 0..<h {
                var rx = 0.0, ry = 0.0, rxx = 0.0, ryy = 0.0, rxy = 0.0
                let above = i * stride, here = (i + 1) * stride
                for j in 0..<width {
                    let a = Double(x[i * width + j]) - meanX, b = Double(y[i * width + j]) - meanY
                    rx += a; ry += b; rxx += a * a; ryy += b * b; rxy += a * b
                    tx[here + j + 1] = tx[above + j + 1] + rx
                    ty[here + j + 1] = ty[above + j + 1] + ry
                    txx[here + j + 1] = txx[above + j + 1] + rxx
                    tyy[here + j + 1] = tyy[above + j + 1] + ryy
                    txy[here + j + 1] = txy[above + j + 1] + rxy
                }
            }
        }}}}}

        let c1 = (StructuralSimilarity.k1 * dataRange) * (StructuralSimilarity.k1 * dataRange)
        let c2 = (StructuralSimilarity.k2 * dataRange) * (StructuralSimilarity.k2 * dataRange)
        let n = Double(w * w)
        let rowsOfWindows = h - w + 1, columnsOfWindows = width - w + 1
        var total = 0.0
        sx.withUnsafeBufferPointer { tx in
        sy.withUnsafeBufferPointer { ty in
        sxx.withUnsafeBufferPointer { txx in
        syy.withUnsafeBufferPointer { tyy in
        sxy.withUnsafeBufferPointer { txy in
            for i in 0..<rowsOfWindows {
                var rowTotal = 0.0
                for j in 0..<columnsOfWindows {
                    // Window rows i..<i+w, columns j..<j+w.
                    let a = i * stride + j, b = a + w, c = (i + w) * stride + j, d = c + w
                    func box(_ t: UnsafeBufferPointer<Double>) -> Double { t[d] - t[b] - t[c] + t[a] }
                    let sumX = box(tx), sumY = box(ty)
                    let muA = sumX / n, muB = sumY / n
                    // Unbiased (N − 1) moments: Σ(a − μa)(b − μb) = Σab − N·μa·μb.
                    let varX = (box(txx) - sumX * muA) / (n - 1)
                    let varY = (box(tyy) - sumY * muB) / (n - 1)
                    let cov = (box(txy) - sumX * muB) / (n - 1)
                    let muX = muA + meanX, muY = muB + meanY
                    // Wang et al. 2004, eq. 13:
                    // SSIM = (2μxμy + C1)(2σxy + C2) / ((μx² + μy² + C1)(σx² + σy² + C2))
                    rowTotal += (2 * muX * muY + c1) * (2 * cov + c2)
                        / ((muX * muX + muY * muY + c1) * (varX + varY + c2))
                }
                total += rowTotal
            }
        }}}}}
        return total / Double(rowsOfWindows * columnsOfWindows)
    }
}
