import Foundation
import Tensors
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Safetensors stores little-endian data and tensors are copied byte for byte.
#if _endian(big)
#error("safetensors I/O assumes a little-endian host")
#endif

/// Element types driftlab reads. It writes F32, I64 and U64; F64, F16, BF16 (weights exported
/// from NumPy or half-precision PyTorch) convert to Float32 on loading, I32 to Int64.
public enum SafetensorsDType: String, CaseIterable, Sendable {
    case f32 = "F32", i64 = "I64", u64 = "U64"
    case f64 = "F64", f16 = "F16", bf16 = "BF16", i32 = "I32"

    public var elementSize: Int {
        switch self {
        case .f16, .bf16: return 2
        case .f32, .i32: return 4
        case .f64, .i64, .u64: return 8
        }
    }

    var isFloatingPoint: Bool {
        switch self {
        case .f32, .f64, .f16, .bf16: return true
        case .i32, .i64, .u64: return false
        }
    }

    /// Position in the Rust crate's `Dtype` enum, which lists types by increasing alignment:
    /// Python's writer orders tensors by this, descending, then by name.
    var alignmentRank: Int {
        switch self {
        case .f16: return 7
        case .bf16: return 8
        case .i32: return 9
        case .f32: return 11
        case .f64: return 12
        case .i64: return 13
        case .u64: return 14
        }
    }
}

/// A safetensors file in memory: named tensors plus the free-form string `__metadata__`.
public struct SafetensorsFile {
    public var tensors: [String: SafetensorsTensor]
    public var metadata: [String: String]

    public init(tensors: [String: SafetensorsTensor] = [:], metadata: [String: String] = [:]) {
        self.tensors = tensors
        self.metadata = metadata
    }

    /// Reads and validates a whole file; every tensor's bytes are copied out of it.
    public static func read(from url: URL) throws -> SafetensorsFile {
        let contents: Data
        do {
            contents = try FileContents.read(url)
        } catch let error as FileContents.ReadError {
            throw CheckpointError(file: url, "cannot read: \(error.problem)")
        }
        return try SafetensorsHeader.parse(contents, file: url)
    }

    /// Names in the order their data is stored: the order Python's `safetensors` uses
    /// (larger element alignment first, then byte-wise by name), so equal content gives equal bytes.
    var storageOrder: [String] {
        tensors.keys.sorted { a, b in
            let ra = tensors[a]!.dtype.alignmentRank, rb = tensors[b]!.dtype.alignmentRank
            return ra != rb ? ra > rb : a.utf8.lexicographicallyPrecedes(b.utf8)
        }
    }

    /// Writes through `AtomicFile`, so a crash mid-write never leaves a truncated checkpoint
    /// under the real name. Its `WriteError` passes through as it is: a full disk is a failed
    /// run (exit 1), not a damaged input file as a `CheckpointError` would say (exit 2).
    public func write(to url: URL) throws {
        try AtomicFile.write(to: url) { try writeContents(to: $0) }
    }

    /// Length, header, then each tensor's bytes straight from its buffer: no copy of the whole file.
    private func writeContents(to handle: FileHandle) throws {
        let order = storageOrder
        let header = SafetensorsHeader.encode(order.map { ($0, tensors[$0]!) }, metadata: metadata)
        try handle.write(contentsOf: withUnsafeBytes(of: UInt64(header.count).littleEndian) { Data($0) })
        try handle.write(contentsOf: header)
        for name in order { try handle.write(contentsOf: tensors[name]!.bytes) }
    }
}
