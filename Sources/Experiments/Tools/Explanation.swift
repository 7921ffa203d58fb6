import Attribution
import Foundation
import NeuralNet
import Tensors

/// Maps for a user's own inputs and checkpoints (`driftlab attribute`, `driftlab compare`):
/// any checkpoint of the spec's architecture, PyTorch-trained ones included, in evaluation mode.
public enum Explanation {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// An input file (checkpoint, inputs) that loads but cannot be explained: the CLI exits 2.
    public struct BadInput: InputFileError {
        public let description: String
    }

    /// The spec's network with the checkpoint's weights, which must all be finite: a map of a
    /// network with a NaN weight is NaN everywhere, and says nothing.
    public static func network(_ spec: ExperimentSpec, checkpoint: URL) throws -> Network {
        let network = spec.model.build(inputShape: spec.data.inputShape, outputs: spec.data.task.outputs, generator: Generator(seed: 0))
        try Checkpoint.loadWeights(into: network, from: checkpoint)
        if let bad = network.firstNonFiniteState {
            throw BadInput(description: "\(checkpoint.path): tensor '\(bad.name)' is not finite (element \(bad.index) is \(bad.value))")
        }
        return network
    }

    /// The method named `name` with the parameters the spec gives it (defaults otherwise).
    public static func method(_ name: String, in spec: ExperimentSpec) throws -> AttributionSpec {
        if let configured = spec.attribution.first(where: { $0.name == name }) { return configured }
        guard AttributionSpec.methods.contains(name) else {
            throw Failure(description: "unknown method '\(name)'; known: \(AttributionSpec.methods.joined(separator: ", "))")
        }
        return try AttributionSpec(SpecReader(.object([("method", .string(name))]), file: "--method"))
    }

    /// Checks an (N, item shape…) input against the spec's model.
    public static func checkInputs(_ x: Tensor, _ spec: ExperimentSpec, file: String) throws {
        let expected = spec.data.inputShape.dims
        guard x.shape.rank == expected.count + 1, Array(x.shape.dims.dropFirst()) == expected else {
            throw BadInput(description: "\(file): expected shape (N, \(expected.map(String.init).joined(separator: ", "))), got \(x.shape)")
        }
        if let bad = x.firstNonFinite {
            let item = x.shape[0] > 0 ? bad.index / max(x.shape.countPerItem, 1) : 0
            throw BadInput(description: "\(file): input \(item) is not finite (element \(bad.index) is \(bad.value))")
        }
    }

    /// The class of each of `count` inputs from a targets array: whole numbers, within the
    /// spec's classes for classification. Int(Float) traps on NaN or a value past Int's range,
    /// so each is checked first.
    public static func targets(_ t: Tensor, count: Int, _ spec: ExperimentSpec, file: String) throws -> [Int] {
        guard t.count == count else { throw BadInput(description: "\(file): \(t.count) targets for \(count) inputs") }
        let classes: Int? = if case .classification(let n) = spec.data.task { n } else { nil }
        return try t.array.enumerated().map { i, value in
            guard value.isFinite, value == value.rounded(), abs(value) < 1e9 else {
                throw BadInput(description: "\(file): target \(i) is \(value), expected a whole number")
            }
            if let classes, !(0..<classes).contains(Int(value)) {
                throw BadInput(description: "\(file): target \(i) is \(Int(value)), expected a class 0…\(classes - 1)")
            }
            return Int(value)
        }
    }

    /// Maps of `inputs` for `targets` (nil: each input's predicted class).
    public static func maps(_ method: AttributionSpec, spec: ExperimentSpec, network: Network, inputs: Tensor, targets: [Int]?) -> Tensor {
        let target: AttributionTarget
        switch spec.data.task {
        case .classification: target = .classes(targets ?? network.forward(inputs).argmaxRows())
        case .regression: target = .output(index: 0)
        }
        return method.method.attribute(network, inputs: inputs, target: target)
    }
}
