import Foundation
import Tensors

/// One tensor of a safetensors file: element type, shape and its raw little-endian bytes, with
/// conversions to and from driftlab's types. Bytes move with single block copies, never element
/// by element into growing arrays, so 45 MB of ResNet weights load in milliseconds.
public struct SafetensorsTensor: Equatable {
    public var dtype: SafetensorsDType
    public var shape: [Int]
    public var bytes: Data

    public init(dtype: SafetensorsDType, shape: [Int], bytes: Data) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative extent in shape \(shape)")
        precondition(bytes.count == shape.reduce(1, *) * dtype.elementSize,
                     "\(bytes.count) bytes for \(dtype.rawValue) of shape \(shape)")
        self.dtype = dtype
        self.shape = shape
        self.bytes = bytes
    }

    /// F32, bit-exact copy of the tensor's elements.
    public init(_ tensor: Tensor) {
        self.init(dtype: .f32, shape: tensor.shape.dims,
                  bytes: Data(bytes: tensor.data, count: tensor.count * MemoryLayout<Float>.size))
    }
    /// I64 of the given shape (one-dimensional by default).
    public init(int64 values: [Int64], shape: [Int]? = nil) {
        self.init(dtype: .i64, shape: shape ?? [values.count], bytes: values.withUnsafeBytes { Data($0) })
    }
    /// I64 of shape [], like PyTorch's `num_batches_tracked`.
    public init(int64 scalar: Int64) { self.init(int64: [scalar], shape: []) }
    /// U64 of the given shape (one-dimensional by default).
    public init(uint64 values: [UInt64], shape: [Int]? = nil) {
        self.init(dtype: .u64, shape: shape ?? [values.count], bytes: values.withUnsafeBytes { Data($0) })
    }

    public var elementCount: Int { shape.reduce(1, *) }

    /// The values as a Float32 tensor: F32 exactly, F64/F16/BF16 rounded to nearest; nil for
    /// integer types, which are never silently turned into weights.
    public func tensor() -> Tensor? {
        let result = Tensor(uninitialized: Shape(shape))
        return copyFloats(into: result.data) ? result : nil
    }

    /// I64 exactly, I32 widened; nil otherwise.
    public func int64Values() -> [Int64]? {
        switch dtype {
        case .i64: return loadArray(Int64.self)
        case .i32: return loadArray(Int32.self).map(Int64.init)
        default: return nil
        }
    }

    /// U64 exactly; nil otherwise.
    public func uint64Values() -> [UInt64]? { dtype == .u64 ? loadArray(UInt64.self) : nil }

    /// Writes `elementCount` Floats to `destination` (an existing tensor's memory); false, and
    /// nothing written, if the dtype is not a floating-point one.
    func copyFloats(into destination: UnsafeMutablePointer<Float>) -> Bool {
        let n = elementCount
        guard dtype.isFloatingPoint else { return false }
        bytes.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            guard n > 0, let base = raw.baseAddress else { return }
            func element<T>(_ i: Int, _: T.Type) -> T { raw.loadUnaligned(fromByteOffset: i * MemoryLayout<T>.size, as: T.self) }
            switch dtype {
            case .f32: UnsafeMutableRawPointer(destination).copyMemory(from: base, byteCount: n * 4)
            case .f64: for i in 0..<n { destination[i] = Float(element(i, Double.self)) }
            case .f16: for i in 0..<n { destination[i] = Self.float(half: element(i, UInt16.self)) }
            case .bf16: for i in 0..<n { destination[i] = Float(bitPattern: UInt32(element(i, UInt16.self)) << 16) }
            case .i32, .i64, .u64: break
            }
        }
        return true
    }

    private func loadArray<T>(_: T.Type) -> [T] {
        [T](unsafeUninitializedCapacity: elementCount) { buffer, initialized in
            bytes.withUnsafeBytes { raw in
                if let base = raw.baseAddress, elementCount > 0 {
                    UnsafeMutableRawPointer(buffer.baseAddress!).copyMemory(from: base, byteCount: raw.count)
                }
            }
            initialized = elementCount
        }
    }

    /// IEEE binary16 → binary32, exact (Float16 itself is not available on every platform).
    static func float(half h: UInt16) -> Float {
        let sign = UInt32(h & 0x8000) << 16
        let exponent = UInt32(h >> 10) & 0x1F
        let mantissa = UInt32(h & 0x3FF)
        switch exponent {
        case 0x1F: return Float(bitPattern: sign | 0x7F80_0000 | mantissa << 13)  // inf, NaN
        case 0:  // zero and subnormals: mantissa · 2⁻²⁴
            let magnitude = Float(mantissa) * 0x1p-24
            return sign == 0 ? magnitude : -magnitude
        default: return Float(bitPattern: sign | (exponent + 112) << 23 | mantissa << 13)
        }
    }
}
