import Tensors

extension Generator {
    /// The generator of one stage: seeded from the spec's seed and the stage's name (FNV-1a), so
    /// stages draw independent streams and a rerun of one stage draws the same numbers.
    public static func forStage(_ name: String, seed: Int) -> Generator {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return Generator(seed: UInt64(seed) ^ hash)
    }
}
