import Tensors

/// A float buffer a layer keeps between calls and grows to the largest size seen, so hot
/// loops never allocate. Its contents are garbage between uses.
final class ScratchBuffer {
    private var storage = Tensor(uninitialized: [0])

    /// At least `count` floats, valid until the next call that needs more.
    func pointer(count: Int) -> UnsafeMutablePointer<Float> {
        if storage.count < count { storage = Tensor(uninitialized: [count]) }
        return storage.data
    }
}

/// A layer's weight-sized scratch (packed, flipped or summed weights): kept between calls up to
/// `maxKeptFloats`, where a fresh allocation's page faults are a real share of the call
/// (0.25 ms per forward of resnet18-w16's 4² layers, 590 KB); larger ones are allocated for the
/// call and freed by `release()`, so that a wide network does not hold a second copy of its
/// weights (resnet18-w64 kept every layer's: peak RSS 1,001 → 1,065 MiB).
final class WeightScratch {
    static let maxKeptFloats = 1 << 18
    private let kept = ScratchBuffer()
    private var fresh: [UnsafeMutablePointer<Float>] = []

    /// At least `count` floats, valid until `release()` or the next call.
    func pointer(count: Int) -> UnsafeMutablePointer<Float> {
        if count <= Self.maxKeptFloats { return kept.pointer(count: count) }
        let p = UnsafeMutablePointer<Float>.allocate(capacity: count)
        fresh.append(p)
        return p
    }

    /// Frees what `pointer` allocated beyond the kept size.
    func release() {
        for p in fresh { p.deallocate() }
        fresh.removeAll()
    }
}
