import Foundation
import Tensors

/// Where a run's numbers were computed, recorded in `manifest.json` as `"numeric"`. The
/// contract fields (`contract`, `architecture`, the required features, `compiler`) decide
/// whether a folder may be resumed: under the same contract the bytes cannot depend on the
/// rest. The informational fields (`cpuModel`, `threads`, `gemmKernel`, `features.avx512f`,
/// `cLibrary`) say which machine did the work, so a reader can tell a run moved.
public struct NumericEnvironment: Codable, Equatable, Sendable {
    /// `NumericContract.version`: the sequence of floating-point operations.
    public var contract: String
    /// "x86_64".
    public var architecture: String
    public var features: Features
    /// The GEMM micro-kernel that ran: "portable", "avx2" or "avx512".
    public var gemmKernel: String
    /// /proc/cpuinfo's "model name".
    public var cpuModel: String
    public var threads: Int
    /// The Swift compiler that built driftlab ("Swift 6.3.1"), from a compile-time ladder.
    public var compiler: String
    /// The C library, `gnu_get_libc_version()` ("glibc 2.36").
    public var cLibrary: String

    /// The instruction-set extensions the contract requires (AVX2, FMA) and the optional one a
    /// faster kernel uses (AVX-512F).
    public struct Features: Codable, Equatable, Sendable {
        public var avx2: Bool
        public var fma: Bool
        public var avx512f: Bool
        public init(avx2: Bool, fma: Bool, avx512f: Bool) {
            (self.avx2, self.fma, self.avx512f) = (avx2, fma, avx512f)
        }
        /// The required ones present, by name ("avx2, fma"; "none").
        public var required: String {
            let present = [avx2 ? "avx2" : nil, fma ? "fma" : nil].compactMap { $0 }
            return present.isEmpty ? "none" : present.joined(separator: ", ")
        }
    }

    public init(contract: String, architecture: String, features: Features, gemmKernel: String, cpuModel: String,
                threads: Int, compiler: String, cLibrary: String) {
        self.contract = contract
        self.architecture = architecture
        self.features = features
        self.gemmKernel = gemmKernel
        self.cpuModel = cpuModel
        self.threads = threads
        self.compiler = compiler
        self.cLibrary = cLibrary
    }

    /// This process, running with `threads` threads.
    public static func current(threads: Int) -> NumericEnvironment {
        let flags = HostFacts.cpuInfo.flags
        return NumericEnvironment(
            contract: NumericContract.version, architecture: HostFacts.architecture,
            features: Features(avx2: flags.contains("avx2"), fma: flags.contains("fma"), avx512f: flags.contains("avx512f")),
            gemmKernel: GEMMKernel.active.rawValue, cpuModel: HostFacts.cpuInfo.model, threads: threads,
            compiler: HostFacts.compiler, cLibrary: HostFacts.cLibrary)
    }

    /// What a manifest written before the numeric record is read as: contract "unknown".
    public static let unrecorded = NumericEnvironment(
        contract: "unknown", architecture: "unknown", features: Features(avx2: false, fma: false, avx512f: false),
        gemmKernel: "unknown", cpuModel: "unknown", threads: 0, compiler: "unknown", cLibrary: "unknown")

    /// One field of the contract that differs between two environments.
    public struct ContractDifference: Equatable, Sendable, CustomStringConvertible {
        /// "contract", "architecture", "required features" or "compiler".
        public var part: String
        public var before: String
        public var now: String
        public var description: String { "\(part) was \(before), is now \(now)" }
    }

    /// The contract fields in which `now` differs from `self`; empty when a run made under
    /// `self` may continue under `now` with the same bytes.
    public func contractDifferences(_ now: NumericEnvironment) -> [ContractDifference] {
        var found: [ContractDifference] = []
        func check(_ part: String, _ a: String, _ b: String) {
            if a != b { found.append(ContractDifference(part: part, before: a, now: b)) }
        }
        check("contract", contract, now.contract)
        check("architecture", architecture, now.architecture)
        check("required features", features.required, now.features.required)
        check("compiler", compiler, now.compiler)
        return found
    }

    /// One line for people: "driftlab-numeric-1, x86_64 (avx2, fma, avx512f), AMD EPYC, 2 threads, avx2 GEMM, Swift 6.3.1, glibc 2.36".
    public var summary: String {
        "\(contract), \(architecture) (\(features.required)\(features.avx512f ? ", avx512f" : "")), \(cpuModel), "
            + "\(threads) thread\(threads == 1 ? "" : "s"), \(gemmKernel) GEMM, \(compiler), \(cLibrary)"
    }
}
