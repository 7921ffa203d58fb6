import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading a whole input file with errors in driftlab's words. Foundation's own errors read
/// "The operation could not be completed. (NSCocoaErrorDomain error 260.)" on Linux, which
/// names neither the file nor the cause; here the read goes through POSIX calls, so the
/// cause is the errno, said plainly: "cannot read x.npy: no such file".
public enum FileContents {
    public struct ReadError: Error, CustomStringConvertible, Sendable {
        public let file: String
        /// "no such file", "is a folder", "permission denied", "not UTF-8 at byte 17", …
        public let problem: String
        public init(file: String, problem: String) {
            self.file = file
            self.problem = problem
        }
        public var description: String { "cannot read \(file): \(problem)" }
    }

    /// The whole file. A folder, a missing file or an unreadable one is a `ReadError`.
    public static func read(_ url: URL) throws -> Data {
        let path = url.path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ReadError(file: path, problem: problem(errno: errno)) }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw ReadError(file: path, problem: problem(errno: errno)) }
        if (status.st_mode & S_IFMT) == S_IFDIR { throw ReadError(file: path, problem: "is a folder, not a file") }
        // The size is a hint only (files under /proc report 0); reading goes on to end of file.
        var bytes = Data()
        bytes.reserveCapacity(max(Int(status.st_size), 0))
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
            if n == 0 { break }
            if n < 0 {
                if errno == EINTR { continue }
                throw ReadError(file: path, problem: problem(errno: errno))
            }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return bytes
    }

    /// The file as UTF-8 text; invalid UTF-8 is an error naming the first bad byte, never
    /// silently replaced by U+FFFD.
    public static func text(_ url: URL) throws -> String {
        let data = try read(url)
        if let offset = firstInvalidUTF8(data) {
            throw ReadError(file: url.path, problem: "not UTF-8 at byte \(offset)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Offset of the first byte that does not belong to a valid UTF-8 sequence, or nil.
    public static func firstInvalidUTF8<C: Collection>(_ bytes: C) -> Int? where C.Element == UInt8 {
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): offset += UTF8.width(scalar)
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }

    private static func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
        #if canImport(Glibc)
        return Glibc.read(fd, buffer, count)
        #else
        return Darwin.read(fd, buffer, count)
        #endif
    }

    /// errno in a few words, lower case, for "cannot read FILE: …".
    public static func problem(errno code: Int32) -> String {
        switch code {
        case ENOENT: return "no such file"
        case EACCES, EPERM: return "permission denied"
        case EISDIR: return "is a folder, not a file"
        case ENOTDIR: return "a component of the path is not a folder"
        default: return String(cString: strerror(code)).lowercased()
        }
    }
}
