import Foundation
import GEMMKernels

/// Which micro-kernel `gemm` runs. Every kernel performs, for each element of C, the same
/// chain of fused multiply-adds in the same order along K, so they give identical bits; the
/// choice changes only speed. `DRIFTLAB_GEMM_KERNEL=portable|avx2|avx512` forces one.
public enum GEMMKernel: String, CaseIterable, Sendable {
    /// Plain C with `fmaf`: the definition the vector kernels are tested against bit for bit.
    case portable
    /// 8-lane AVX2 + FMA.
    case avx2
    /// 16-lane AVX-512F.
    case avx512

    /// The number the C side (`dl_gemm_kernel`) uses for this kernel.
    var code: Int32 {
        switch self {
        case .portable: return Int32(DL_GEMM_PORTABLE.rawValue)
        case .avx2: return Int32(DL_GEMM_AVX2.rawValue)
        case .avx512: return Int32(DL_GEMM_AVX512.rawValue)
        }
    }

    /// How many tile shapes (plans) the kernel has; `gemm` picks one per product (tests run all).
    var planCount: Int32 { dl_gemm_plan_count(code) }

    /// Whether this CPU (and its OS) can run the kernel.
    public var isSupported: Bool { dl_gemm_kernel_supported(code) != 0 }

    /// The kernels this CPU can run, in declaration order (`portable` always).
    public static let available: [GEMMKernel] = allCases.filter(\.isSupported)

    /// The widest kernel the CPU runs: avx512 if it has AVX-512F, else avx2 with AVX2 + FMA,
    /// else portable.
    public static var best: GEMMKernel { available.last! }

    /// The kernel `gemm` uses: `DRIFTLAB_GEMM_KERNEL` if set, else `best`; chosen once at first
    /// use. Tests set it to compare kernels; setting one the CPU lacks is a precondition failure.
    public static var active: GEMMKernel {
        get { selected }
        set {
            precondition(newValue.isSupported, "GEMM kernel \(newValue.rawValue) is not supported by this CPU "
                         + "(available: \(available.map(\.rawValue).joined(separator: ", ")))")
            selected = newValue
        }
    }
    private static var selected: GEMMKernel = fromEnvironment() ?? best

    /// `DRIFTLAB_GEMM_KERNEL`, validated: an unknown name or a kernel this CPU cannot run stops
    /// the program rather than silently running a different path.
    static func fromEnvironment() -> GEMMKernel? {
        guard let name = ProcessInfo.processInfo.environment["DRIFTLAB_GEMM_KERNEL"], !name.isEmpty else { return nil }
        let names = allCases.map(\.rawValue).joined(separator: "|")
        guard let kernel = GEMMKernel(rawValue: name) else {
            fatalError("DRIFTLAB_GEMM_KERNEL=\(name): unknown GEMM kernel (expected \(names))")
        }
        guard kernel.isSupported else {
            fatalError("DRIFTLAB_GEMM_KERNEL=\(name): this CPU cannot run the \(name) kernel "
                       + "(available: \(available.map(\.rawValue).joined(separator: ", ")))")
        }
        return kernel
    }
}
