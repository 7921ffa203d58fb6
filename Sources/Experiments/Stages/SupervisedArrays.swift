import NeuralNet
import Tensors

/// One split of a supervised dataset as the data stage writes it: `data/<split>-inputs.npy`
/// (N, item shape…) and `data/<split>-targets.npy` — (N, outputs) values for regression, (N)
/// class indices for classification.
public struct SupervisedArrays {
    public let inputs: Tensor
    public let targets: Tensor

    public init(inputs: Tensor, targets: Tensor) {
        self.inputs = inputs
        self.targets = targets
    }

    public var count: Int { inputs.shape[0] }

    public static func paths(_ split: String) -> (inputs: String, targets: String) {
        ("data/\(split)-inputs.npy", "data/\(split)-targets.npy")
    }

    public func write(_ split: String, in directory: RunDirectory) throws -> [String] {
        let p = SupervisedArrays.paths(split)
        try directory.write(inputs, to: p.inputs)
        try directory.write(targets, to: p.targets)
        return [p.inputs, p.targets]
    }

    public static func read(_ split: String, in directory: RunDirectory) throws -> SupervisedArrays {
        let p = paths(split)
        return SupervisedArrays(inputs: try directory.readArray(p.inputs), targets: try directory.readArray(p.targets))
    }

    /// Rows `indices`, copied, with the training target they define.
    public func batch(_ indices: ArraySlice<Int>, task: Task) -> (inputs: Tensor, target: TrainingTarget) {
        let x = Tensor(uninitialized: Shape([indices.count] + Array(inputs.shape.dims.dropFirst())))
        let per = inputs.shape.countPerItem
        for (row, i) in indices.enumerated() { (x.data + row * per).update(from: inputs.data + i * per, count: per) }
        switch task {
        case .classification:
            return (x, .classes(indices.map { Int(targets.data[$0]) }))
        case .regression:
            let width = targets.shape.countPerItem
            let y = Tensor(uninitialized: [indices.count, width])
            for (row, i) in indices.enumerated() { (y.data + row * width).update(from: targets.data + i * width, count: width) }
            return (x, .values(y))
        }
    }
}

/// What the network is trained to do.
public enum Task: Equatable {
    case regression(outputs: Int)
    case classification(classes: Int)

    public var outputs: Int {
        switch self { case .regression(let n), .classification(let n): return n }
    }
}
