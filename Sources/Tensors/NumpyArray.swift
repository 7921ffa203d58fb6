import Foundation

/// NumPy's `.npy` format, written as version 1.0 Float32 (`<f4`, C order) — read in every
/// default NumPy dtype (`ElementType`), versions 1–3, C order: the magic
/// "\x93NUMPY", version 1 0, a little-endian UInt16 header length, a Python-dict header padded
/// with spaces to a multiple of 64 bytes and ending in "\n", then the raw data.
public enum NumpyArray {
    public struct FormatError: Error, CustomStringConvertible {
        public let file: String
        public let problem: String
        public var description: String { "\(file): \(problem)" }
    }

    public static func encode(_ t: Tensor) -> Data {
        let shape = t.shape.dims.map(String.init).joined(separator: ", ") + (t.shape.rank == 1 ? "," : "")
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(shape)), }"
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        withUnsafeBytes(of: UInt16(header.utf8.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(contentsOf: Array(header.utf8))
        data.append(UnsafeBufferPointer(start: t.data, count: t.count))
        return data
    }

    public static func write(_ t: Tensor, to url: URL) throws {
        try AtomicFile.write(encode(t), to: url)
    }

    /// Reads a C-order array of any `ElementType` (NumPy's defaults for floats, integers, bytes
    /// and booleans), converted to Float32.
    public static func read(_ url: URL) throws -> Tensor {
        let data: Data
        do { data = try FileContents.read(url) } catch let error as FileContents.ReadError {
            throw FormatError(file: url.path, problem: "cannot read: \(error.problem)")
        }
        return try decode(data, file: url.path)
    }

    /// Every size is checked against the bytes present before anything is allocated: a damaged
    /// header (a negative extent, a shape whose product overflows, or one far larger than the
    /// file) is a `FormatError`, never a trap or a huge allocation.
    public static func decode(_ data: Data, file: String) throws -> Tensor {
        func fail(_ problem: String) -> FormatError { FormatError(file: file, problem: problem) }
        let bytes = [UInt8](data)
        guard bytes.count >= 10, bytes[0] == 0x93, Array(bytes[1..<6]) == Array("NUMPY".utf8) else {
            throw fail("not a .npy file (no \\x93NUMPY magic)")
        }
        let major = bytes[6]
        guard (1...3).contains(major) else { throw fail("unknown .npy format version \(major).\(bytes[7]), expected 1, 2 or 3") }
        let lengthBytes = major == 1 ? 2 : 4
        guard bytes.count >= 8 + lengthBytes else { throw fail("truncated header: the file is \(bytes.count) bytes") }
        var headerLength = 0
        for i in 0..<lengthBytes { headerLength |= Int(bytes[8 + i]) << (8 * i) }
        let start = 8 + lengthBytes + headerLength
        guard bytes.count >= start else {
            throw fail("truncated header: it should end at byte \(start), the file is \(bytes.count) bytes")
        }
        let header = String(decoding: bytes[(8 + lengthBytes)..<start], as: UTF8.self)
        guard !header.contains("'fortran_order': True") else {
            throw fail("Fortran-order arrays are not supported; save with np.ascontiguousarray")
        }
        guard let type = ElementType.allCases.first(where: { header.contains("'descr': '\($0.rawValue)'") }) else {
            throw fail("expected dtype " + ElementType.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
                       + " (little-endian, as NumPy writes by default), header \(header.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        let width = type.width
        let dims = try shape(in: header, fail: fail)
        var needed = width, overflow = false
        for d in dims where !overflow { (needed, overflow) = needed.multipliedReportingOverflow(by: d) }
        let found = bytes.count - start
        guard !overflow else {
            throw fail("shape \(dims) has more elements than any file holds; found \(found) data bytes")
        }
        guard found == needed else {
            throw fail("expected \(needed) data bytes for shape \(dims), found \(found)")
        }
        let t = Tensor(uninitialized: Shape(dims))
        bytes.withUnsafeBytes { raw in
            guard t.count > 0 else { return }
            let base = raw.baseAddress! + start
            // Little-endian on x86-64: each element loads as it is stored.
            switch type {
            case .float32: memcpy(t.data, base, t.count * 4)
            case .float64: for i in 0..<t.count { t.data[i] = Float(base.loadUnaligned(fromByteOffset: 8 * i, as: Double.self)) }
            case .int32: for i in 0..<t.count { t.data[i] = Float(base.loadUnaligned(fromByteOffset: 4 * i, as: Int32.self)) }
            case .int64: for i in 0..<t.count { t.data[i] = Float(base.loadUnaligned(fromByteOffset: 8 * i, as: Int64.self)) }
            case .uint8: for i in 0..<t.count { t.data[i] = Float(base.load(fromByteOffset: i, as: UInt8.self)) }
            case .bool: for i in 0..<t.count { t.data[i] = base.load(fromByteOffset: i, as: UInt8.self) != 0 ? 1 : 0 }
            }
        }
        return t
    }

    /// The element types read, as NumPy's `descr` spells them; all become Float32 (integers
    /// above 2^24 round to the nearest float: class indices and counts are far below it).
    public enum ElementType: String, CaseIterable, Sendable {
        case float32 = "<f4", float64 = "<f8", int32 = "<i4", int64 = "<i8", uint8 = "|u1", bool = "|b1"

        var width: Int {
            switch self { case .float32, .int32: return 4; case .float64, .int64: return 8; case .uint8, .bool: return 1 }
        }
    }

    /// The extents of `'shape': (2, 3)`, `(3,)` or `()`: each a non-negative integer. Anything
    /// else is an error rather than being skipped, which would silently change the rank.
    static func shape(in header: String, fail: (String) -> FormatError) throws -> [Int] {
        guard let open = header.range(of: "'shape': ("), let close = header[open.upperBound...].firstIndex(of: ")") else {
            throw fail("no shape in header")
        }
        let text = header[open.upperBound..<close]
        var parts = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        if parts.last == "" { parts.removeLast() }  // (3,) and ()
        return try parts.map { part in
            guard let d = Int(part), d >= 0 else {
                throw fail("shape (\(text)) has extent '\(part)', expected a non-negative integer")
            }
            return d
        }
    }
}
