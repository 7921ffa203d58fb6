import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive `flock` on RUN_DIR/.lock for the whole of `Runner.run`, so two runs into one
/// folder cannot interleave their writes. flock rather than "create the file if absent": the
/// kernel drops the lock when its process dies, even by `kill -9`, so a crashed run never
/// leaves a lock that blocks the next one. The holder's pid is written into the file only to
/// name it in the refusal; the file is not an output (not in the manifest) and stays.
final class RunLock {
    static let name = ".lock"

    private var fd: Int32

    /// Takes the lock on `folder` (which must exist) or throws at once, without waiting.
    init(folder: URL) throws {
        let label = folder.relativePath
        let path = folder.appendingPathComponent(RunLock.name).path
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw RunError.unusableFolder(folder: label, reason: "cannot open \(RunLock.name): \(String(cString: strerror(errno)))")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            let holder = RunLock.pid(in: fd)
            close(fd)
            if code == EWOULDBLOCK { throw RunError.locked(folder: label, pid: holder) }
            throw RunError.unusableFolder(folder: label, reason: "cannot lock \(RunLock.name): \(String(cString: strerror(code)))")
        }
        let text = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = text.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        self.fd = fd
    }

    /// Empties the file (no pid of a finished process is left to mislead) and unlocks.
    func release() {
        guard fd >= 0 else { return }
        _ = ftruncate(fd, 0)
        _ = flock(fd, LOCK_UN)
        close(fd)
        fd = -1
    }

    deinit { release() }

    /// The pid a holder wrote, if the file holds one.
    static func pid(in fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { return nil }
        return Int32(String(decoding: buffer[0..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
