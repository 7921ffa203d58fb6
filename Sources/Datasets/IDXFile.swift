import Foundation
import Tensors

/// An IDX file of unsigned bytes, the format of MNIST and Fashion-MNIST: a big-endian header
/// (magic 0x0000_08_DD, where 08 means unsigned byte and DD the number of dimensions, then
/// one 32-bit extent per dimension) followed by the values, row-major.
struct IDXFile {
    /// Magic numbers of the two kinds the loaders read.
    static let imagesMagic: UInt32 = 0x0000_0803
    static let labelsMagic: UInt32 = 0x0000_0801

    let source: FileBytes
    /// Extents from the header, outermost first: (count, rows, cols) or (count).
    let dimensions: [Int]
    /// Offset of the first value in `source.bytes`.
    let dataOffset: Int

    var values: ArraySlice<UInt8> { source.bytes[dataOffset...] }

    /// Checks the magic number and that the values fill the file exactly.
    init(_ source: FileBytes, magic: UInt32) throws {
        let bytes = source.bytes
        let kind = magic == IDXFile.imagesMagic ? "IDX images" : "IDX labels"
        func word(at offset: Int) -> UInt32 {
            bytes[offset..<offset + 4].reduce(0) { $0 << 8 | UInt32($1) }
        }
        guard bytes.count >= 4 else {
            throw source.error(.truncated, "truncated: expected at least a 4-byte IDX header, found \(source.size(bytes.count))")
        }
        let found = word(at: 0)
        guard found == magic else {
            throw source.error(.wrongMagic, at: 0, "wrong magic number: expected \(hex(magic)) (\(kind)), found \(hex(found))"
                               + (found == IDXFile.imagesMagic || found == IDXFile.labelsMagic
                                  ? " — images and labels files swapped?" : ""))
        }
        let rank = Int(magic & 0xff)
        let header = 4 + 4 * rank
        guard bytes.count >= header else {
            throw source.error(.truncated, "truncated: the IDX header needs \(header) bytes, found \(source.size(bytes.count))")
        }
        let dimensions = (0..<rank).map { Int(word(at: 4 + 4 * $0)) }
        let shape = dimensions.map(String.init).joined(separator: "×")
        // A damaged header can hold extents whose product overflows: no file is that large.
        let (product, overflow) = dimensions.reduce((1, false)) { acc, d in
            let (p, o) = acc.0.multipliedReportingOverflow(by: d)
            return (p, acc.1 || o)
        }
        guard !overflow && product <= Int.max - header else {
            throw source.error(.truncated, at: 4, "the header describes \(shape) bytes, more than any file holds; "
                               + "found \(source.size(bytes.count))")
        }
        let expected = header + product
        if bytes.count < expected {
            throw source.error(.truncated, "truncated: the header describes \(shape) bytes, so the file should have "
                               + "\(expected) bytes, found \(source.size(bytes.count))")
        }
        if bytes.count > expected {
            throw source.error(.wrongSize, "the header describes \(shape) bytes, so the file should have \(expected) "
                               + "bytes, found \(source.size(bytes.count)) (\(bytes.count - expected) extra)")
        }
        self.source = source
        self.dimensions = dimensions
        self.dataOffset = header
    }
}

/// 0x00000803: magic numbers are read from hex dumps, so they are written as one.
func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
}
