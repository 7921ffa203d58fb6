import Tensors

/// Classification examples as the SGD trajectory code reads them: inputs (N, item shape…) and a
/// class label per row. Rows are the instances whose influence is estimated.
public struct LabeledExamples {
    public let inputs: Tensor
    public let labels: [Int]

    public init(inputs: Tensor, labels: [Int]) {
        precondition(inputs.shape[0] == labels.count, "\(labels.count) labels for \(inputs.shape[0]) inputs")
        self.inputs = inputs
        self.labels = labels
    }

    public var count: Int { labels.count }

    /// Rows `rows`, copied, with their labels.
    public func batch(_ rows: [Int]) -> (inputs: Tensor, labels: [Int]) {
        let x = Tensor(uninitialized: Shape([rows.count] + Array(inputs.shape.dims.dropFirst())))
        let per = inputs.shape.countPerItem
        withExtendedLifetime(inputs) {
            for (i, row) in rows.enumerated() { (x.data + i * per).update(from: inputs.data + row * per, count: per) }
        }
        return (x, rows.map { labels[$0] })
    }
}
