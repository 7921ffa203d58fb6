/// Paper 004's similarity of a generated signal to the training data, S_sim (lower is better):
///
///     x̂*     = X*[p .. p+s_w−1],  p = argmax_p Σ_{q=p}^{p+s_w−1} act_q         s_w = 10
///     d(i)   = min_j  MSE(x̂*, X_i[j .. j+s_w−1])                                over training windows X_i
///     S(u)   = mean of the N_sim smallest d(i)                                   N_sim = 50
///     S_sim  = mean of S(u) over the layer's units whose max |X*| ≤ th_fail     th_fail = 10
///
/// Units whose generated signal exceeds th_fail are "failed" (the optimisation ran away) and
/// are counted, not scored. With fewer than N_sim training windows, S(u) averages all of them.
///
/// The activation array may be shorter than the signal: valid convolutions shrink each layer
/// by (kernel − 1). Activation position q is aligned to signal position q + (T − A)/2, the
/// centre of its receptive field for a stack of odd, unstrided kernels (paper 004's 1×5);
/// signal positions outside the activation range count as activation 0. Ties in the peak
/// window go to the first.
public enum SignalSimilarity {
    static let name = "S_sim"

    /// x̂*: the `width` points of `signal` under the largest summed activation.
    public static func peakWindow(_ signal: [Float], activations: [Float], width: Int = 10) throws -> [Float] {
        let start = try peakWindowStart(signal, activations: activations, width: width)
        return Array(signal[start..<(start + width)])
    }

    /// Where x̂* starts in `signal`.
    public static func peakWindowStart(_ signal: [Float], activations: [Float], width: Int = 10) throws -> Int {
        try MetricError.requireNonEmpty(activations.count, name)
        try MetricError.requireFinite(signal, "signal", name)
        try MetricError.requireFinite(activations, "activations", name)
        guard width >= 1, width <= signal.count else {
            throw MetricError(name, .mapSmallerThanWindow, "window \(width) does not fit a signal of \(signal.count)")
        }
        let shrink = signal.count - activations.count
        guard shrink >= 0, shrink % 2 == 0 else {
            throw MetricError(name, .mismatchedLengths,
                              "\(activations.count) activations cannot be centred on a signal of \(signal.count)")
        }
        var aligned = [Double](repeating: 0, count: signal.count)
        for (q, a) in activations.enumerated() { aligned[q + shrink / 2] = Double(a) }
        var sum = aligned[0..<width].reduce(0, +)
        var best = (start: 0, sum: sum)
        for p in stride(from: 1, through: signal.count - width, by: 1) {
            sum += aligned[p + width - 1] - aligned[p - 1]
            if sum > best.sum { best = (p, sum) }
        }
        return best.start
    }

    /// The offset j at which `pattern` fits `window` best (d's minimising offset; the first on ties).
    public static func bestOffset(_ pattern: [Float], in window: [Float]) -> Int {
        precondition(!pattern.isEmpty && window.count >= pattern.count, "bestOffset: pattern of \(pattern.count), window of \(window.count)")
        return bestFit(pattern, in: window, below: .infinity).offset!
    }

    /// d: the smallest MSE of `pattern` against any equally long stretch of `window`.
    public static func distance(_ pattern: [Float], to window: [Float]) throws -> Double {
        try MetricError.requireNonEmpty(pattern.count, name)
        guard window.count >= pattern.count else {
            throw MetricError(name, .mapSmallerThanWindow,
                              "training window of \(window.count) is shorter than the pattern (\(pattern.count))")
        }
        return bestFit(pattern, in: window, below: .infinity).distance
    }

    /// d and the first offset reaching it — or offset nil and distance `bound` once no offset
    /// can beat `bound` (the nearest-window search only needs windows that can enter its set).
    static func bestFit(_ pattern: [Float], in window: [Float], below bound: Double) -> (offset: Int?, distance: Double) {
        let n = pattern.count
        var best: (offset: Int?, distance: Double) = (nil, bound)
        for j in 0...(window.count - n) {
            var s: Double = 0
            for k in 0..<n {
                let d = Double(pattern[k]) - Double(window[j + k])
                s += d * d
                if s >= best.distance * Double(n) { break }  // cannot beat the best offset any more
            }
            if s / Double(n) < best.distance { best = (j, s / Double(n)) }
        }
        return best
    }

    /// S(u) for one unit: the mean of the `nearest` smallest distances to the training windows.
    public static func unitScore(signal: [Float], activations: [Float], trainingWindows: [[Float]],
                                 width: Int = 10, nearest: Int = 50) throws -> Double {
        let pattern = try peakWindow(signal, activations: activations, width: width)
        let kept = try nearestWindows(pattern, trainingWindows: trainingWindows, count: nearest)
        return kept.reduce(0) { $0 + $1.distance } / Double(kept.count)
    }

    /// The `count` training windows nearest to `pattern` (distance d, ascending; ties by index)
    /// — S(u)'s terms, and which activity a generated signal resembles (the activation atlas).
    /// Kept sorted while scanning, so only windows that can still enter the set are measured fully.
    public static func nearestWindows(_ pattern: [Float], trainingWindows: [[Float]],
                                      count: Int) throws -> [(window: Int, distance: Double)] {
        try MetricError.requireNonEmpty(trainingWindows.count, name)
        try MetricError.requireNonEmpty(pattern.count, name)
        guard count >= 1 else { throw MetricError(name, .invalidArgument, "N_sim must be positive, got \(count)") }
        var kept: [(window: Int, distance: Double)] = []
        kept.reserveCapacity(count + 1)
        for (i, window) in trainingWindows.enumerated() {
            guard window.count >= pattern.count else {
                throw MetricError(name, .mapSmallerThanWindow,
                                  "training window of \(window.count) is shorter than the pattern (\(pattern.count))")
            }
            let bound = kept.count == count ? kept[count - 1].distance : .infinity
            let d = bestFit(pattern, in: window, below: bound).distance
            guard d < bound else { continue }  // ties keep the earlier window
            let at = kept.firstIndex { $0.distance > d } ?? kept.count
            kept.insert((i, d), at: at)
            if kept.count > count { kept.removeLast() }
        }
        return kept
    }

    public struct LayerScore: Sendable, Equatable {
        /// Mean S(u) over the scored units; nil when every unit failed.
        public let score: Double?
        public let unitScores: [Double?]
        /// Units whose generated signal exceeded th_fail (nil in `unitScores`).
        public let failedUnits: Int
    }

    /// S_sim of a layer from each unit's generated signal and its activations at that signal.
    public static func layerScore(units: [(signal: [Float], activations: [Float])], trainingWindows: [[Float]],
                                  width: Int = 10, nearest: Int = 50, failThreshold: Float = 10) throws -> LayerScore {
        try MetricError.requireNonEmpty(units.count, name)
        let unitScores: [Double?] = try units.map { unit in
            // A NaN signal is a runaway optimisation too; `max` would skip it, so test it first.
            if unit.signal.contains(where: { !$0.isFinite || abs($0) > failThreshold }) { return nil }
            return try unitScore(signal: unit.signal, activations: unit.activations,
                                 trainingWindows: trainingWindows, width: width, nearest: nearest)
        }
        let scored = unitScores.compactMap { $0 }
        return LayerScore(score: scored.isEmpty ? nil : scored.reduce(0, +) / Double(scored.count),
                          unitScores: unitScores, failedUnits: unitScores.count - scored.count)
    }
}
