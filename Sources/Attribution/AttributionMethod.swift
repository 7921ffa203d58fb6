import NeuralNet
import Tensors

/// Which output of the network a map explains.
public enum AttributionTarget: Equatable, Sendable {
    /// Column `index` of every item's output: a regression output (paper 000 has one, index 0).
    case output(index: Int)
    /// One class score per item, e.g. the label or the predicted class (image methods).
    case classes([Int])

    /// The backward seed for an (N, K) output: 1 at the explained entry of each row.
    public func seed(for output: Tensor) -> Tensor {
        precondition(output.shape.rank == 2, "attribution target needs an (N, K) output, got \(output.shape)")
        let (n, k) = (output.shape[0], output.shape[1])
        switch self {
        case .output(let index):
            precondition(index >= 0 && index < k, "output index \(index) outside 0..<\(k)")
            return Tensor.oneHot([Int](repeating: index, count: n), classCount: k)
        case .classes(let classes):
            precondition(classes.count == n, "\(classes.count) classes for \(n) items")
            precondition(classes.allSatisfy { $0 >= 0 && $0 < k }, "a class is outside 0..<\(k)")
            return Tensor.oneHot(classes, classCount: k)
        }
    }

    /// The target of items `range` of the batch.
    public func items(_ range: Range<Int>) -> AttributionTarget {
        switch self {
        case .output: return self
        case .classes(let classes): return .classes(Array(classes[range]))
        }
    }
}

/// An attribution method: a batch of inputs in, one map per input out, each of the input's
/// shape. Paper 000's time-series methods take the rows of a (T, D) series in time order;
/// image methods take (N, C, H, W) batches and return (N, C, H, W) maps, or per-pixel
/// (N, 1, H, W) maps when asked for a `ChannelReduction` (Grad-CAM's always are).
public protocol AttributionMethod {
    /// The name a spec and a result file use, e.g. "gradient", "time-smoothgrad".
    var name: String { get }
    func attribute(_ network: Network, inputs: Tensor, target: AttributionTarget) -> Tensor
}
