import NeuralNet
import Tensors

/// `model`: which network, with its architecture options. Input shape and class count come
/// from the data.
public enum ModelSpec: SpecSection {
    case mlp(hidden: [Int])
    case mnistCNN
    case resnet18(width: Int)
    case sfhfCNN(filters: Int, hidden: Int)

    /// The spec's `model.kind` names.
    public enum Kind: String, CaseIterable, Sendable { case mlp, mnistCNN = "mnist-cnn", resnet18, sfhfCNN = "sfhf-cnn" }
    public static let kinds = Kind.allCases.map(\.rawValue)

    public init(_ reader: SpecReader) throws {
        self = try reader.fields { f in
            switch try f.required("kind").choice(Kind.self) {
            case .mlp:
                return .mlp(hidden: try f.value("hidden", default: [100, 100]) { try $0.list { try $0.integer(atLeast: 1) } })
            case .mnistCNN:
                return .mnistCNN
            case .resnet18:
                return .resnet18(width: try f.value("width", default: 64) { try $0.integer(atLeast: 1) })
            case .sfhfCNN:
                return .sfhfCNN(filters: try f.value("filters", default: 64) { try $0.integer(atLeast: 1) },
                                hidden: try f.value("hidden", default: 128) { try $0.integer(atLeast: 1) })
            }
        }
    }

    /// The spec's `model.kind`.
    public var kind: String {
        switch self {
        case .mlp: return "mlp"
        case .mnistCNN: return "mnist-cnn"
        case .resnet18: return "resnet18"
        case .sfhfCNN: return "sfhf-cnn"
        }
    }

    public var json: JSONValue {
        switch self {
        case .mlp(let hidden): return .object([("kind", "mlp"), ("hidden", JSONValue(hidden))])
        case .mnistCNN: return .object([("kind", "mnist-cnn")])
        case .resnet18(let width): return .object([("kind", "resnet18"), ("width", JSONValue(width))])
        case .sfhfCNN(let filters, let hidden):
            return .object([("kind", "sfhf-cnn"), ("filters", JSONValue(filters)), ("hidden", JSONValue(hidden))])
        }
    }

    /// The network for one input item's shape and an output width (classes, or 1 for regression).
    public func build(inputShape: Shape, outputs: Int, generator: Generator) -> Network {
        switch self {
        case .mlp(let hidden): return MLP.make(sizes: [inputShape.count] + hidden + [outputs], generator: generator)
        case .mnistCNN: return MNISTCNN.make(inputShape: inputShape, classes: outputs, generator: generator)
        case .resnet18(let width): return ResNet18.make(inputShape: inputShape, classes: outputs, width: width, generator: generator)
        case .sfhfCNN(let filters, let hidden):
            return SFHFCNN.make(inputShape: inputShape, classes: outputs, filters: filters, hidden: hidden, generator: generator)
        }
    }
}

extension JSONValue: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
}
