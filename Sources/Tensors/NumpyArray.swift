import Foundation

/// NumPy's `.npy` format, version 1.0, for Float32 arrays (`<f4`, C order): the magic
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

    /// Reads a `<f4` (or `<f8`, converted) C-order array.
    public static func read(_ url: URL) throws -> Tensor {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw FormatError(file: url.path, problem: "cannot read the file")
        }
        return try decode(data, file: url.path)
    }

    public static func decode(_ data: Data, file: String) throws -> Tensor {
        let bytes = [UInt8](data)
        guard bytes.count >= 10, bytes[0] == 0x93, Array(bytes[1..<6]) == Array("NUMPY".utf8) else {
            throw FormatError(file: file, problem: "not a .npy file (no \\x93NUMPY magic)")
        }
        let major = bytes[6]
        let lengthBytes = major == 1 ? 2 : 4
        guard bytes.count >= 8 + lengthBytes else { throw FormatError(file: file, problem: "truncated header") }
        var headerLength = 0
        for i in 0..<lengthBytes { headerLength |= Int(bytes[8 + i]) << (8 * i) }
        let start = 8 + lengthBytes + headerLength
        guard bytes.count >= start else { throw FormatError(file: file, problem: "truncated header") }
        let header = String(decoding: bytes[(8 + lengthBytes)..<start], as: UTF8.self)
        guard !header.contains("'fortran_order': True") else {
            throw FormatError(file: file, problem: "Fortran-order arrays are not supported; save with np.ascontiguousarray")
        }
        let width: Int
        if header.contains("'<f4'") { width = 4 } else if header.contains("'<f8'") { width = 8 } else {
            throw FormatError(file: file, problem: "expected dtype float32 ('<f4') or float64 ('<f8'), header \(header.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        guard let open = header.range(of: "'shape': ("), let close = header[open.upperBound...].firstIndex(of: ")") else {
            throw FormatError(file: file, problem: "no shape in header")
        }
        let dims = header[open.upperBound..<close].split(separator: ",").compactMap {
            Int($0.trimmingCharacters(in: .whitespaces))
        }
        let t = Tensor(uninitialized: Shape(dims))
        guard bytes.count - start == t.count * width else {
            throw FormatError(file: file, problem: "expected \(t.count * width) data bytes for shape \(dims), found \(bytes.count - start)")
        }
        bytes.withUnsafeBytes { raw in
            let base = raw.baseAddress! + start
            if width == 4 {
                memcpy(t.data, base, t.count * 4)
            } else {
                for i in 0..<t.count { t.data[i] = Float(base.loadUnaligned(fromByteOffset: 8 * i, as: Double.self)) }
            }
        }
        return t
    }
}
