import CPNG  // zlib.h comes in through CPNG's shim
import Foundation
import Tensors

/// The bytes of one dataset file, after gunzip when it was compressed, with what an error
/// about them needs to name.
public struct FileBytes: Sendable {
    public let url: URL
    public let bytes: [UInt8]
    /// True when the file on disk was gzip and `bytes` is the inflated stream.
    public let gzipped: Bool

    /// An error about this file, its offset counted in `bytes`.
    func error(_ kind: DatasetError.Kind, at offset: Int? = nil, _ problem: String) -> DatasetError {
        DatasetError(kind, file: url, offset: offset, gzipped: gzipped, problem)
    }
    /// "N bytes" or "N bytes after gunzip": sizes in messages must say which stream they count.
    func size(_ n: Int) -> String { gzipped ? "\(n) bytes after gunzip" : "\(n) bytes" }
}

/// Reads a file whole, inflating it when it starts with gzip's magic bytes 1f 8b. The datasets
/// are published both ways and the loaders should not care which one is on disk.
public enum GzipReader {
    /// Inflated in pieces of this size, so memory grows with the output only.
    static let chunkSize = 1 << 18

    public static func read(_ url: URL) throws -> FileBytes {
        let data: Data
        do {
            data = try FileContents.read(url)
        } catch let error as FileContents.ReadError {
            throw DatasetError(.unreadable, file: url, "cannot read: \(error.problem)")
        }
        let raw = [UInt8](data)
        guard raw.count >= 2, raw[0] == 0x1f, raw[1] == 0x8b else {
            return FileBytes(url: url, bytes: raw, gzipped: false)
        }
        return FileBytes(url: url, bytes: try gunzip(raw, file: url), gzipped: true)
    }

    /// Inflates every member of a gzip stream (`cat a.gz b.gz` is valid gzip). A stream that
    /// stops before its end marker, fails its CRC or carries bytes after it is an error: a cut
    /// download must never load as a shorter dataset.
    static func gunzip(_ input: [UInt8], file: URL) throws -> [UInt8] {
        func failure(_ problem: String) -> DatasetError {
            DatasetError(.badGzip, file: file, "bad gzip: \(problem)")
        }
        var output: [UInt8] = []
        // The trailer's ISIZE is the inflated size mod 2^32: a hint for one allocation, capped
        // so a damaged trailer cannot ask for an absurd amount.
        if input.count >= 18 {
            let n = input.suffix(4).reversed().reduce(0) { $0 << 8 | Int($1) }
            output.reserveCapacity(min(n, 1 << 30))
        }
        var stream = z_stream()
        guard inflateInit2_(&stream, 16 + MAX_WBITS, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw failure("zlib could not start inflating")
        }
        defer { inflateEnd(&stream) }
        var chunk = [UInt8](repeating: 0, count: chunkSize)

        try input.withUnsafeBufferPointer { source in
            let base = UnsafeMutablePointer(mutating: source.baseAddress!)
            var handedOver = 0  // bytes of input given to zlib so far (avail_in is 32-bit)
            while true {
                if stream.avail_in == 0 && handedOver < source.count {
                    let n = min(source.count - handedOver, Int(UInt32.max))
                    stream.next_in = base + handedOver
                    stream.avail_in = UInt32(n)
                    handedOver += n
                }
                let status = chunk.withUnsafeMutableBufferPointer { out -> Int32 in
                    stream.next_out = out.baseAddress
                    stream.avail_out = UInt32(out.count)
                    return inflate(&stream, Z_NO_FLUSH)
                }
                output.append(contentsOf: chunk[0..<(chunkSize - Int(stream.avail_out))])
                let consumed = handedOver - Int(stream.avail_in)
                switch status {
                case Z_OK:
                    continue
                case Z_STREAM_END:
                    if consumed == source.count { return }
                    if source.count - consumed >= 2 && source[consumed] == 0x1f && source[consumed + 1] == 0x8b {
                        inflateReset(&stream)
                        continue
                    }
                    throw failure("\(source.count - consumed) unexpected bytes after the end of the gzip stream "
                                  + "at compressed byte \(consumed)")
                case Z_BUF_ERROR where stream.avail_in == 0 && handedOver == source.count:
                    throw failure("truncated: the compressed data ends after \(source.count) bytes "
                                  + "(\(output.count) bytes inflated) before the gzip end marker; re-download it")
                case Z_BUF_ERROR:
                    continue
                default:
                    let reason = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                    throw failure("corrupt data near compressed byte \(consumed): \(reason)")
                }
            }
        }
        return output
    }
}
