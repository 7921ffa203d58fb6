/// Spearman's rank correlation (paper 003: between two heatmaps, over all their pixels).
///
/// Paper 003 writes it as ρ = 1 − 6Σd²/(n(n²−1)), d the rank difference per pixel, "ties
/// averaged". That closed form is exact only without ties; with tied values (common in
/// heatmaps: ReLU'd Grad-CAM is mostly 0) the standard definition, and scipy's `spearmanr`,
/// is the Pearson correlation of the fractional ranks, which is what this computes. Without
/// ties the two agree.
///
/// O(n): one radix sort per input (a 50k-pixel pair takes a few milliseconds). Constant input (after ranking: every value equal) is a
/// `MetricError.Kind.constantInput` error, as for `PearsonCorrelation`.
public enum SpearmanCorrelation {
    static let name = "Spearman correlation"

    public static func of(_ x: [Double], _ y: [Double]) throws -> Double {
        try x.withUnsafeBufferPointer { xb in
            try y.withUnsafeBufferPointer { yb in try of(xb, yb) }
        }
    }

    public static func of(_ x: [Float], _ y: [Float]) throws -> Double {
        try x.withUnsafeBufferPointer { xb in
            try y.withUnsafeBufferPointer { yb in try of(xb, yb) }
        }
    }

    public static func of(_ x: UnsafeBufferPointer<Double>, _ y: UnsafeBufferPointer<Double>) throws -> Double {
        try correlation(x, y)
    }

    public static func of(_ x: UnsafeBufferPointer<Float>, _ y: UnsafeBufferPointer<Float>) throws -> Double {
        try correlation(x, y)
    }

    /// Fractional ("1 2.5 2.5 4") ranking: 1-based ranks, each group of equal values getting
    /// the mean of the ranks it spans. Rank 1 is the smallest value.
    public static func fractionalRanks(_ values: [Double]) throws -> [Double] {
        try values.withUnsafeBufferPointer { try checkedRanks($0) }
    }

    public static func fractionalRanks(_ values: [Float]) throws -> [Double] {
        try values.withUnsafeBufferPointer { try checkedRanks($0) }
    }

    static func checkedRanks<T: BinaryFloatingPoint>(_ values: UnsafeBufferPointer<T>) throws -> [Double] {
        try MetricError.requireNonEmpty(values.count, name)
        try MetricError.requireFinite(values, "input", name)
        return ranks(values)
    }

    static func correlation<T: BinaryFloatingPoint>(_ x: UnsafeBufferPointer<T>, _ y: UnsafeBufferPointer<T>) throws -> Double {
        try MetricError.requireSameCount(x.count, y.count, name)
        try MetricError.requireNonEmpty(x.count, name)
        try MetricError.requireFinite(x, "first input", name)
        try MetricError.requireFinite(y, "second input", name)
        let rx = ranks(x), ry = ranks(y)
        return try rx.withUnsafeBufferPointer { a in
            try ry.withUnsafeBufferPointer { b in try PearsonCorrelation.unchecked(a, b, metric: name) }
        }
    }

    /// Sort the values, then walk runs of equal values; a run covering sorted positions
    /// p..<q (0-based) gets rank (p + 1 + q) / 2, the mean of p+1 … q.
    /// Input must be finite.
    static func ranks<T: BinaryFloatingPoint>(_ values: UnsafeBufferPointer<T>) -> [Double] {
        let n = values.count
        let sorted = sortedByValue(values)
        var ranks = [Double](repeating: 0, count: n)
        var start = 0
        while start < n {
            let key = sorted[start].key
            var end = start + 1
            while end < n && sorted[end].key == key { end += 1 }
            let rank = Double(start + 1 + end) / 2
            for p in start..<end { ranks[sorted[p].index] = rank }
            start = end
        }
        return ranks
    }

    struct KeyedIndex {
        var key: UInt64
        var index: Int
    }

    /// An unsigned integer that sorts like the value: flip all bits of negatives, set the sign
    /// bit of the rest. −0 is mapped to +0 first so that the two compare equal, as values do.
    static func orderKey(_ value: Double) -> UInt64 {
        let bits = (value == 0 ? 0 : value).bitPattern
        return bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
    }

    /// LSD radix sort on the 64-bit keys, one byte per pass: O(n), about 4× faster than a
    /// comparison sort on 50k heatmap pixels. Passes where every key has the same byte are
    /// skipped; Float input widened to Double leaves the low 29 mantissa bits 0, so those
    /// bytes cost nothing.
    static func sortedByValue<T: BinaryFloatingPoint>(_ values: UnsafeBufferPointer<T>) -> [KeyedIndex] {
        let n = values.count
        var entries = [KeyedIndex](unsafeUninitializedCapacity: n) { buffer, count in
            for i in 0..<n { buffer[i] = KeyedIndex(key: orderKey(Double(values[i])), index: i) }
            count = n
        }
        guard n > 1 else { return entries }
        // Histograms of all eight bytes in one read.
        var histogram = [Int](repeating: 0, count: 8 * 256)
        for entry in entries {
            var key = entry.key
            for byte in 0..<8 {
                histogram[byte * 256 + Int(key & 0xff)] += 1
                key >>= 8
            }
        }
        var scratch = entries
        for byte in 0..<8 {
            let shift = UInt64(8 * byte)
            if histogram[byte * 256 + Int((entries[0].key >> shift) & 0xff)] == n { continue }
            var offsets = [Int](repeating: 0, count: 256)
            var sum = 0
            for digit in 0..<256 {
                offsets[digit] = sum
                sum += histogram[byte * 256 + digit]
            }
            entries.withUnsafeBufferPointer { source in
                scratch.withUnsafeMutableBufferPointer { target in
                    for entry in source {
                        let digit = Int((entry.key >> shift) & 0xff)
                        target[offsets[digit]] = entry
                        offsets[digit] += 1
                    }
                }
            }
            swap(&entries, &scratch)
        }
        return entries
    }
}
