import Foundation
import Tensors

/// Normalised discounted cumulative gain (Järvelin & Kekäläinen 2000), as paper 000 uses it
/// to score how well an attribution ranks the features against the true coefficients F_s.
///
/// Items are ranked by `scores`, highest first; item at 1-based rank i contributes
/// gain = its relevance, discounted by log2(i + 1). nDCG = DCG / ideal DCG, where the ideal
/// ranks the items by relevance itself; with non-negative relevance it lies in [0, 1].
/// With a cutoff k only ranks 1…k count, in both DCG and ideal DCG.
public enum NormalizedDCG {
    static let name = "nDCG"

    /// How items with equal scores are ordered.
    public enum TieRule: Sendable {
        /// Every item of a tied group gets the group's mean gain (McSherry & Najork 2008), i.e.
        /// the expected DCG over all orders of the tied items. Independent of item order;
        /// matches `sklearn.metrics.ndcg_score` (default `ignore_ties=False`).
        case averaged
        /// Tied items in increasing index order (a stable sort). Depends on how the features
        /// happen to be numbered.
        case byIndex
    }

    /// - Parameters:
    ///   - scores: ranking score per item (descending = ranked first).
    ///   - relevance: gain per item; must be ≥ 0 and not all 0 (ideal DCG would be 0).
    ///   - cutoff: only the top k ranks count; `nil` = all; k > count is the same as all.
    public static func of(scores: [Double], relevance: [Double], cutoff: Int? = nil,
                          ties: TieRule = .averaged) throws -> Double {
        try MetricError.requireSameCount(scores.count, relevance.count, name)
        try MetricError.requireNonEmpty(scores.count, name)
        try MetricError.requireFinite(scores, "scores", name)
        try MetricError.requireFinite(relevance, "relevance", name)
        if let i = relevance.firstIndex(where: { $0 < 0 }) {
            throw MetricError(name, .invalidArgument,
                              "relevance must be non-negative, got \(relevance[i]) at index \(i)")
        }
        if let k = cutoff, k < 1 {
            throw MetricError(name, .invalidArgument, "cutoff must be at least 1, got \(k)")
        }
        let n = scores.count
        let k = min(cutoff ?? n, n)

        // Ideal DCG: relevance in descending order.
        let ideal = relevance.sorted(by: >)
        var idealDCG = 0.0
        for i in 0..<k { idealDCG += ideal[i] * discount(rank: i + 1) }
        guard idealDCG > 0 else {
            throw MetricError(name, .constantInput, "every relevance is 0, so ideal DCG is 0 and nDCG undefined")
        }

        // Descending score; equal scores by increasing index, so `.byIndex` is this order as is.
        let order = scores.indices.sorted { a, b in
            scores[a] > scores[b] || (scores[a] == scores[b] && a < b)
        }
        var dcg = 0.0
        switch ties {
        case .byIndex:
            for i in 0..<k { dcg += relevance[order[i]] * discount(rank: i + 1) }
        case .averaged:
            // A tied group at 0-based positions p..<q contributes mean gain × Σ discounts of
            // ranks p+1…q that fall within the cutoff.
            var start = 0
            while start < k {
                let score = scores[order[start]]
                var end = start + 1
                while end < n && scores[order[end]] == score { end += 1 }
                var gain = 0.0, discounts = 0.0
                for p in start..<end { gain += relevance[order[p]] }
                for p in start..<min(end, k) { discounts += discount(rank: p + 1) }
                dcg += gain / Double(end - start) * discounts
                start = end
            }
        }
        return dcg / idealDCG
    }

    /// Paper 000's default: rank features by |mean attribution|, gain = |F_s| (the true
    /// coefficient of each feature in the state).
    public static func ofAttribution(_ meanAttribution: [Double], coefficients: [Double],
                                     cutoff: Int? = nil, ties: TieRule = .averaged) throws -> Double {
        try of(scores: meanAttribution.map { abs($0) }, relevance: coefficients.map { abs($0) },
               cutoff: cutoff, ties: ties)
    }

    /// 1 / log2(i + 1) for 1-based rank i.
    static func discount(rank: Int) -> Double { 1 / Elementary.log2(Double(rank + 1)) }
}
