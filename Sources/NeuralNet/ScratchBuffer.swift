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
