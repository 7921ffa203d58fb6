import Tensors

/// How two Float32 arrays (a recorded `.npy` and its re-run, or one checkpoint tensor) differ.
/// Elements differ when their bit patterns do; the magnitudes are over pairs where both are
/// finite, and pairs with a NaN or infinity on one side are counted apart.
public struct ArrayDifference: Equatable, Sendable {
    public var recordedShape: [Int]
    public var nowShape: [Int]
    /// Elements compared (0 when the shapes differ).
    public var elements: Int
    public var differing: Int
    /// max |recorded − now|.
    public var maxAbsolute: Double
    /// max |recorded − now| / max(|recorded|, |now|): symmetric and at most 2; 0 for ±0 pairs.
    public var maxRelative: Double
    /// Differing pairs where one side is NaN or infinite (not in the maxima).
    public var nonFinite: Int

    public var shapesDiffer: Bool { recordedShape != nowShape }
    public var identical: Bool { !shapesDiffer && differing == 0 }

    public static func compare(_ recorded: Tensor, _ now: Tensor) -> ArrayDifference {
        var d = ArrayDifference(recordedShape: recorded.shape.dims, nowShape: now.shape.dims, elements: 0, differing: 0,
                                maxAbsolute: 0, maxRelative: 0, nonFinite: 0)
        guard !d.shapesDiffer else { return d }
        d.elements = recorded.count
        for i in 0..<recorded.count {
            let a = recorded.data[i], b = now.data[i]
            guard a.bitPattern != b.bitPattern else { continue }
            d.differing += 1
            guard a.isFinite, b.isFinite else { d.nonFinite += 1; continue }
            let absolute = abs(Double(a) - Double(b)), scale = max(abs(Double(a)), abs(Double(b)))
            d.maxAbsolute = max(d.maxAbsolute, absolute)
            if scale > 0 { d.maxRelative = max(d.maxRelative, absolute / scale) }
        }
        return d
    }

    /// "3 of 4000 elements differ; max |Δ| 1.19e-07, max relative 2.38e-07".
    public var summary: String {
        if shapesDiffer { return "shape \(recordedShape) → \(nowShape)" }
        var text = "\(differing) of \(elements) elements differ; max |Δ| \(Self.scientific(maxAbsolute)), max relative \(Self.scientific(maxRelative))"
        if nonFinite > 0 { text += "; \(nonFinite) with NaN or infinity on one side" }
        return text
    }

    static func scientific(_ x: Double) -> String { String(format: "%.3g", x) }
}
