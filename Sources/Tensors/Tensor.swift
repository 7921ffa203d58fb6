#if canImport(Glibc)
import Glibc
#endif

/// Contiguous Float32 memory shared by tensors that view it.
public final class TensorStorage: @unchecked Sendable {
    public let pointer: UnsafeMutablePointer<Float>
    public let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        let bytes = max(capacity, 1) * MemoryLayout<Float>.stride
        if bytes >= LargeBuffers.minimumBytes {
            pointer = LargeBuffers.take(bytes: bytes).bindMemory(to: Float.self, capacity: capacity)
            return
        }
        // 64-byte alignment keeps SIMD loads in the kernels aligned (mapped pages are 4 KiB-aligned).
        var raw: UnsafeMutableRawPointer?
        let status = posix_memalign(&raw, 64, bytes)
        guard status == 0, let raw else { fatalError("out of memory allocating \(capacity) floats") }
        pointer = raw.bindMemory(to: Float.self, capacity: max(capacity, 1))
    }

    deinit {
        let bytes = max(capacity, 1) * MemoryLayout<Float>.stride
        if bytes >= LargeBuffers.minimumBytes { LargeBuffers.give(UnsafeMutableRawPointer(pointer), bytes: bytes) } else { free(pointer) }
    }
}

/// A dense row-major Float32 tensor. It is a view: `reshaped` shares storage, writes through
/// `data` are seen by every view, and `copy()` makes an independent tensor.
public struct Tensor: @unchecked Sendable, CustomStringConvertible {
    public let shape: Shape
    public let storage: TensorStorage

    public var data: UnsafeMutablePointer<Float> { storage.pointer }
    public var count: Int { shape.count }
    public var buffer: UnsafeMutableBufferPointer<Float> { .init(start: data, count: count) }

    /// Uninitialised memory of the given shape: every element must be written before it is read.
    public init(uninitialized shape: Shape) {
        self.shape = shape
        self.storage = TensorStorage(capacity: shape.count)
    }
    public init(zeros shape: Shape) {
        self.init(uninitialized: shape)
        data.initialize(repeating: 0, count: count)
    }
    public init(repeating value: Float, shape: Shape) {
        self.init(uninitialized: shape)
        data.initialize(repeating: value, count: count)
    }
    public init(shape: Shape, values: [Float]) {
        precondition(values.count == shape.count, "\(values.count) values for shape \(shape)")
        self.init(uninitialized: shape)
        values.withUnsafeBufferPointer { data.update(from: $0.baseAddress!, count: count) }
    }
    init(shape: Shape, storage: TensorStorage) {
        precondition(shape.count <= storage.capacity)
        self.shape = shape
        self.storage = storage
    }

    /// The same elements seen with another shape of equal count.
    public func reshaped(_ newShape: Shape) -> Tensor {
        precondition(newShape.count == count, "cannot reshape \(shape) to \(newShape)")
        return Tensor(shape: newShape, storage: storage)
    }
    public func copy() -> Tensor {
        let result = Tensor(uninitialized: shape)
        result.data.update(from: data, count: count)
        return result
    }
    public var array: [Float] { Array(buffer) }
    /// The element at a flat index, safe on a temporary: `f(x).data[i]` may read freed memory,
    /// because the tensor can be released before the pointer is used; this keeps it alive.
    public func element(_ i: Int) -> Float {
        precondition(i >= 0 && i < count, "element \(i) of a tensor of \(count)")
        return withExtendedLifetime(storage) { data[i] }
    }
    public func fill(_ value: Float) { data.update(repeating: value, count: count) }

    /// Element at a multi-index; for tests and small bookkeeping, never in kernels.
    public subscript(index: Int...) -> Float {
        get { data[flatIndex(index)] }
        nonmutating set { data[flatIndex(index)] = newValue }
    }
    func flatIndex(_ index: [Int]) -> Int {
        precondition(index.count == shape.rank, "index \(index) for shape \(shape)")
        var flat = 0
        for (i, d) in zip(index, shape.dims) {
            precondition(i >= 0 && i < d, "index \(index) out of range for \(shape)")
            flat = flat * d + i
        }
        return flat
    }

    /// Rows [start, start + n) of the outermost axis, copied.
    public func items(_ range: Range<Int>) -> Tensor {
        var dims = shape.dims
        dims[0] = range.count
        let result = Tensor(uninitialized: Shape(dims))
        let per = shape.countPerItem
        result.data.update(from: data + range.lowerBound * per, count: range.count * per)
        return result
    }

    public var description: String {
        let shown = buffer.prefix(8).map { String($0) }.joined(separator: ", ")
        return "Tensor\(shape)(\(shown)\(count > 8 ? ", …" : ""))"
    }
}
