import Foundation

/// Writing a file so that a crash never leaves a half-written file under the real name: the
/// bytes go to a temporary file in the same folder, are flushed to disk, the file is renamed
/// into place, and the folder is flushed so the rename itself survives a power cut. The one
/// writer of every file driftlab produces (arrays, checkpoints, tables, figures); its own
/// module so that `Figures`, which does not depend on the engine, uses it too.
public enum AtomicFile {
    public struct WriteError: Error, CustomStringConvertible {
        public let file: String
        public let problem: String
        public var description: String { "\(file): \(problem)" }
    }

    /// The temporary file beside `url` that a write by this process goes through.
    public static func temporaryName(for name: String) -> String { ".\(name).tmp-\(getpid())" }

    /// Whether `name` is a temporary file an interrupted write left behind: this writer's
    /// ".NAME.tmp-PID", the figure writer's ".NAME.UUID.tmp", or Foundation's ".dat.nosyncXXXX"
    /// (this writer created its temporary file through Foundation before, which wrote one).
    public static func isTemporary(_ name: String) -> Bool {
        guard name.hasPrefix("."), name.count > 1 else { return false }
        if name.hasPrefix(".dat.nosync") { return true }
        if name.hasSuffix(".tmp") { return name.count > 5 }
        guard let marker = name.range(of: ".tmp-", options: .backwards) else { return false }
        let pid = name[marker.upperBound...]
        return !pid.isEmpty && pid.allSatisfy(\.isASCII) && pid.allSatisfy(\.isNumber)
    }

    /// Writes whatever `body` writes through the handle to `url`, atomically.
    public static func write(to url: URL, _ body: (FileHandle) throws -> Void) throws {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(temporaryName(for: url.lastPathComponent))
        do {
            // open(2), not FileManager.createFile: on Linux that writes through a temporary file
            // of its own (".dat.nosyncXXXX"), which a kill -9 at that moment left behind.
            let fd = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode_t(0o666))
            guard fd >= 0 else {
                throw WriteError(file: url.path, problem: "cannot create the temporary file \(temporary.lastPathComponent) beside it: "
                                 + String(cString: strerror(errno)).lowercased())
            }
            let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
            do {
                try body(handle)
                try handle.synchronize()
                try handle.close()
            } catch {
                try? handle.close()
                throw error
            }
            guard rename(temporary.path, url.path) == 0 else {
                throw WriteError(file: url.path, problem: "cannot rename into place: \(String(cString: strerror(errno)))")
            }
            syncFolder(of: url)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            if error is WriteError { throw error }
            throw WriteError(file: url.path, problem: "cannot write: \(cause(of: error))")
        }
    }

    /// Why a write failed, in our words: the errno under Foundation's error ("no space left on
    /// device"), whose own text on Linux is "The operation could not be completed. There isn’t
    /// enough space." A full disk is the failure a long run meets most.
    static func cause(of error: Error) -> String {
        var nsError = error as NSError
        while nsError.domain != NSPOSIXErrorDomain, let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError {
            nsError = underlying
        }
        guard nsError.domain == NSPOSIXErrorDomain else { return error.localizedDescription }
        return String(cString: strerror(Int32(nsError.code))).lowercased()
    }

    /// fsync of the folder holding `url`, so its new entry is on disk; a folder that cannot be
    /// opened (some file systems) is left to the kernel's own flush.
    static func syncFolder(of url: URL) {
        let fd = open(url.deletingLastPathComponent().path, O_RDONLY | O_DIRECTORY)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    public static func write(_ data: Data, to url: URL) throws {
        try write(to: url) { try $0.write(contentsOf: data) }
    }
}
