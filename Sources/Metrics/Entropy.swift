import Foundation
import Tensors

/// Shannon entropy in nats, H(p) = −Σ p_i ln p_i (paper 003: entropy of the output
/// distribution of each selected sample, per epoch). 0 · ln 0 counts as 0.
public enum Entropy {
    static let name = "Entropy"
    /// How far Σp may be from 1: loose enough for Float softmax output, tight enough to catch
    /// logits or unnormalised counts passed by mistake.
    public static let sumTolerance = 1e-4

    /// Entropy of a probability vector: entries ≥ 0 summing to 1 within `sumTolerance`.
    /// The vector is divided by its sum first, so Float rounding does not leak into H.
    public static func of(probabilities p: [Double]) throws -> Double {
        try MetricError.requireNonEmpty(p.count, name)
        try MetricError.requireFinite(p, "probabilities", name)
        if let i = p.firstIndex(where: { $0 < 0 }) {
            throw MetricError(name, .invalidArgument, "negative probability \(p[i]) at index \(i)")
        }
        let sum = p.reduce(0, +)
        guard abs(sum - 1) <= sumTolerance else {
            throw MetricError(name, .invalidArgument, "probabilities sum to \(sum), not 1")
        }
        var h = 0.0
        for v in p where v > 0 {
            let q = v / sum
            h -= q * Elementary.log(q)
        }
        return h
    }

    public static func of(probabilities p: [Float]) throws -> Double {
        try of(probabilities: p.map(Double.init))
    }

    /// Entropy of softmax(z), never forming a probability that could underflow to a 0 inside
    /// a log: with m = max z, L = ln Σ exp(z_i − m) and p_i = exp(z_i − m − L),
    /// H = −Σ p_i (z_i − m − L) = L − Σ p_i (z_i − m).
    public static func ofSoftmax(logits z: [Double]) throws -> Double {
        try MetricError.requireNonEmpty(z.count, name)
        try MetricError.requireFinite(z, "logits", name)
        let m = z.max()!
        var sumExp = 0.0
        for v in z { sumExp += Elementary.exp(v - m) }
        let logSum = Elementary.log(sumExp)
        var expected = 0.0
        for v in z { expected += Elementary.exp(v - m - logSum) * (v - m) }
        // Rounding can leave a −1e-16 for a one-hot softmax.
        return max(0, logSum - expected)
    }

    public static func ofSoftmax(logits z: [Float]) throws -> Double {
        try ofSoftmax(logits: z.map(Double.init))
    }
}
