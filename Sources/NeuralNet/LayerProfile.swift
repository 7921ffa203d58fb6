import Dispatch
import Foundation
import Tensors

/// Wall time per layer of the forward and backward passes run inside `LayerProfile.record`.
///
/// `Sequential` (and the composite layers that call their parts directly, like `BasicBlock`)
/// run each child through `timedForward` / `timedBackward`; with no profile recording those are
/// a load and a branch. Each entry keeps its self time — its own span minus the spans of the
/// timed calls inside it — so entries add up to the time covered without counting a nested
/// layer twice. Only the thread that started the recording is timed (layers are called from
/// one thread; their kernels may fan out, and that time belongs to the layer).
public final class LayerProfile {
    public enum Phase: String, Sendable { case forward, backward, other }

    /// One (path, phase): `path` is the dotted layer path ("layer1.0.conv1"), `kind` the
    /// layer's type name ("Conv2d"), or a name of a step's non-layer part ("optimizer").
    public struct Entry: Sendable {
        public let path: String
        public let kind: String
        public let phase: Phase
        public internal(set) var calls = 0
        public internal(set) var selfSeconds = 0.0
    }

    public private(set) var entries: [Entry] = []
    private var index: [String: Int] = [:]
    /// Open spans: the entry's path prefix and the nanoseconds its timed children took.
    private var stack: [(path: String, childNanoseconds: UInt64)] = []
    private let owner = pthread_self()

    nonisolated(unsafe) static var current: LayerProfile?

    public init() {}

    /// Runs `body` with this profile recording; recordings nest by replacing the outer one.
    public func record<R>(_ body: () throws -> R) rethrows -> R {
        let outer = LayerProfile.current
        LayerProfile.current = self
        defer { LayerProfile.current = outer }
        return try body()
    }

    /// Times `body` as the entry `name` (under the open spans' path) of `phase`.
    func measure<R>(_ name: String, kind: String, _ phase: Phase, _ body: () -> R) -> R {
        guard pthread_equal(owner, pthread_self()) != 0 else { return body() }
        let path = stack.last.map { $0.path + "." + name } ?? name
        stack.append((path, 0))
        let start = DispatchTime.now().uptimeNanoseconds
        let result = body()
        let span = DispatchTime.now().uptimeNanoseconds - start
        let inner = stack.removeLast().childNanoseconds
        if !stack.isEmpty { stack[stack.count - 1].childNanoseconds += span }
        let key = path + "/" + phase.rawValue
        if index[key] == nil {
            index[key] = entries.count
            entries.append(Entry(path: path, kind: kind, phase: phase))
        }
        entries[index[key]!].calls += 1
        entries[index[key]!].selfSeconds += Double(span - min(inner, span)) / 1e9
        return result
    }
}

/// `layer.forward`, timed as the child `name` when a profile is recording.
@inline(__always)
func timedForward(_ layer: Layer, _ name: String, _ x: Tensor, _ context: ForwardContext) -> Tensor {
    timedForward(layer, name) { layer.forward(x, context) }
}

/// `body`, a forward pass of `layer` called other than through `forward(_:_:)`, timed as the
/// child `name` when a profile is recording.
@inline(__always)
func timedForward(_ layer: Layer, _ name: String, _ body: () -> Tensor) -> Tensor {
    guard let profile = LayerProfile.current else { return body() }
    return profile.measure(name, kind: String(describing: type(of: layer)), .forward, body)
}

/// `layer.backward`, timed as the child `name` when a profile is recording.
@inline(__always)
func timedBackward(_ layer: Layer, _ name: String, _ dOutput: Tensor, _ options: BackwardOptions) -> Tensor {
    guard let profile = LayerProfile.current else { return layer.backward(dOutput, options) }
    return profile.measure(name, kind: String(describing: type(of: layer)), .backward) { layer.backward(dOutput, options) }
}

/// `body`, a backward pass of `layer` called other than through `backward(_:_:)`, timed as the
/// child `name` when a profile is recording.
@inline(__always)
func timedBackward(_ layer: Layer, _ name: String, _ body: () -> Tensor) -> Tensor {
    guard let profile = LayerProfile.current else { return body() }
    return profile.measure(name, kind: String(describing: type(of: layer)), .backward, body)
}

/// `body`, timed as the step part `name` (loss, optimizer, …) when a profile is recording.
@inline(__always)
func timedPart<R>(_ name: String, _ body: () -> R) -> R {
    guard let profile = LayerProfile.current else { return body() }
    return profile.measure(name, kind: name, .other, body)
}
