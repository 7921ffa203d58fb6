/// Deterministic test data that Python can regenerate bit for bit, so reference values from
/// scipy / skimage / sklearn apply to exactly these inputs. Integer arithmetic plus one
/// correctly rounded Float division, same as numpy's float32:
///
///     s = seed; for each value: s = (s * 1103515245 + 12345) & 0x7fffffff
///                               value = np.float32((s >> 8) % levels) / np.float32(levels - 1)
///
/// `levels` distinct values in [0, 1], so long sequences are full of ties.
func linearCongruentialSequence(seed: UInt64, count: Int, levels: UInt64 = 1000) -> [Float] {
    var s = seed
    return (0..<count).map { _ in
        s = (s &* 1103515245 &+ 12345) & 0x7fff_ffff
        return Float((s >> 8) % levels) / Float(levels - 1)
    }
}
