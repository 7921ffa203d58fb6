import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What the machine and the build driftlab runs on are, read once: the parts of
/// `NumericEnvironment` that do not depend on the run's options.
enum HostFacts {
    #if arch(x86_64)
    static let architecture = "x86_64"
    #elseif arch(arm64)
    static let architecture = "arm64"
    #else
    static let architecture = "unknown"
    #endif

    /// "model name" and "flags" of the first processor in /proc/cpuinfo. The kernel lists a
    /// flag only when the CPU has it and the kernel saves its registers, so "avx2" there means
    /// the instructions are usable.
    static let cpuInfo: (model: String, flags: Set<String>) = parseCPUInfo(
        (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? "")

    static func parseCPUInfo(_ text: String) -> (model: String, flags: Set<String>) {
        var model: String?, flags: Set<String>?
        for line in text.split(separator: "\n") where model == nil || flags == nil {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if key == "model name", model == nil { model = value }
            if key == "flags", flags == nil { flags = Set(value.split(separator: " ").map(String.init)) }
        }
        return (model ?? "unknown", flags ?? [])
    }

    /// The Swift compiler that built this binary, from a compile-time `#if compiler(>=…)`
    /// ladder: each rung names the versions from it up to the next rung, so the answer is exact
    /// for releases the ladder lists and "or later" above its top. Add a rung when moving to a
    /// newer toolchain.
    static var compiler: String {
        #if compiler(>=6.4)
        return "Swift 6.4 or later"
        #elseif compiler(>=6.3.2)
        return "Swift 6.3.2 or a later 6.3.x"
        #elseif compiler(>=6.3.1)
        return "Swift 6.3.1"
        #elseif compiler(>=6.3)
        return "Swift 6.3"
        #elseif compiler(>=6.2)
        return "Swift 6.2.x"
        #elseif compiler(>=6.1)
        return "Swift 6.1.x"
        #elseif compiler(>=6.0)
        return "Swift 6.0.x"
        #else
        return "Swift before 6.0"
        #endif
    }

    /// The C library's own answer, `gnu_get_libc_version()` ("glibc 2.36"). Swift's Glibc
    /// module does not import <gnu/libc-version.h>, so the function is looked up by name in the
    /// running process.
    static let cLibrary: String = {
        #if canImport(Glibc)
        typealias Version = @convention(c) () -> UnsafePointer<CChar>?
        if let symbol = dlsym(nil, "gnu_get_libc_version"), let text = unsafeBitCast(symbol, to: Version.self)() {
            return "glibc " + String(cString: text)
        }
        #endif
        return "unknown"
    }()
}
