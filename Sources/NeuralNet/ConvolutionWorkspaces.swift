import Foundation

/// The scratch buffers of one concurrently running piece of a convolution's batch.
final class ConvolutionWorkspace {
    let columns = ScratchBuffer()  // (R, n·P): im2col of x, then dColumns in backward
    let product = ScratchBuffer()  // (OC, n·P): GEMM output, or dOutput regrouped
    let dWeight = ScratchBuffer()  // (OC, R) or (R, OC): this piece's dWeight
    let paddedGradient = ScratchBuffer()  // (OC, L'): dOutput zero-bordered (WideConvolution), for dInput
    let paddedInput = ScratchBuffer()     // (C, L): x zero-bordered (WideConvolution), for dWeight
    let gridGradient = ScratchBuffer()    // (OC, n·HS·WS): dOutput on the wide grid, for dWeight
}

/// Sets of piece workspaces shared by every convolution: a layer holds a set only while its
/// forward or backward call runs, so a network needs one set (plus one per convolution that
/// really runs at the same time, from another thread), not one per layer — ResNet-18's twenty
/// convolutions used to keep twenty sets of buffers, each grown to its own layer's size.
/// Contents are garbage between uses; which set a call gets changes no bit.
final class ConvolutionWorkspaces: @unchecked Sendable {
    static let shared = ConvolutionWorkspaces()

    private var idle: [[ConvolutionWorkspace]] = []
    private let lock = NSLock()

    /// Runs `body` with a set of at least `count` workspaces that no other caller holds.
    func with<R>(_ count: Int, _ body: ([ConvolutionWorkspace]) -> R) -> R {
        lock.lock()
        var set = idle.popLast() ?? []
        lock.unlock()
        while set.count < count { set.append(ConvolutionWorkspace()) }
        defer {
            lock.lock()
            idle.append(set)
            lock.unlock()
        }
        return body(set)
    }
}
