import Tensors

/// Which class an image map explains: paper 003 explains the true class c of every sample,
/// whether the network got it right or not; the predicted class is the usual alternative.
public enum TargetChoice: String, Sendable, CaseIterable {
    /// The true label of each item.
    case label
    /// The class of the largest score of each item (the first on ties).
    case predicted

    /// - Parameters:
    ///   - labels: one true class per item.
    ///   - outputs: the network's (N, K) scores for the same items, logits or probabilities
    ///     (the argmax is the same).
    public func target(labels: [Int], outputs: Tensor) -> AttributionTarget {
        precondition(outputs.shape.rank == 2 && outputs.shape[0] == labels.count,
                     "target choice: outputs \(outputs.shape) for \(labels.count) labels")
        switch self {
        case .label: return .classes(labels)
        case .predicted: return .classes(outputs.argmaxRows())
        }
    }
}
