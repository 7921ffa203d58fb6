import Tensors

/// Paper 004's Shared-Filter Hybrid Fusion CNN (Münzner et al. 2017): the same 1×5 filters
/// (64 per layer, three layers) slide over every sensor axis separately — a Conv2d with kernel
/// (1, 5) on the (1, axes, time) view — then all axes are fused by flattening into fc1 (128)
/// and fc2 (classes). Input (N, axes, time), e.g. (N, 6, 30).
public enum SFHFCNN {
    public static func make(inputShape: Shape, classes: Int, filters: Int = 64, hidden: Int = 128,
                            generator: Generator) -> Network {
        precondition(inputShape.rank == 2, "sfhf-cnn needs (axes, time) inputs, got \(inputShape)")
        let axes = inputShape[0], time = inputShape[1]
        precondition(time > 12, "sfhf-cnn needs windows longer than 12 steps, got \(time)")
        let root = Sequential([
            ("unflatten", Unflatten([1, axes, time])),
            ("conv1", Conv2d(1, filters, kernel: (1, 5), generator: generator)), ("relu1", ReLU()),
            ("conv2", Conv2d(filters, filters, kernel: (1, 5), generator: generator)), ("relu2", ReLU()),
            ("conv3", Conv2d(filters, filters, kernel: (1, 5), generator: generator)), ("relu3", ReLU()),
            ("flatten", Flatten()),
            ("fc1", Linear(filters * axes * (time - 12), hidden, generator: generator)), ("relu4", ReLU()),
            ("fc2", Linear(hidden, classes, generator: generator)),
        ])
        return Network(kind: "sfhf-cnn", root: root, inputShape: inputShape)
    }
}

extension SFHFCNN {
    /// The convolution stack of `network` up to `layer`, fed one sensor axis: input (N, time)
    /// viewed as (N, 1, 1, time). It shares `network`'s layers (and so its weights). Because
    /// the filters are 1×5, each axis row of a feature map depends on that axis alone, so a
    /// unit's response to a signal on one axis is the same here as in the whole network with
    /// the other axes at 0 — at 1/axes of the cost (activation maximization runs it thousands
    /// of times).
    public static func singleAxisTrunk(of network: Network, through layer: String) -> Network {
        precondition(network.kind == "sfhf-cnn", "singleAxisTrunk needs an sfhf-cnn, got \(network.kind)")
        let children = network.root.children
        guard let end = children.firstIndex(where: { $0.name == layer }), end > 0,
              children[1...end].allSatisfy({ $0.layer is Conv2d || $0.layer is ReLU }) else {
            preconditionFailure("singleAxisTrunk: \(layer) is not a convolution or ReLU of the sfhf-cnn (\(children.map(\.name)))")
        }
        let time = network.inputShape[1]
        let trunk = Sequential([("unflatten", Unflatten([1, 1, time]))] + children[1...end].map { ($0.name, $0.layer) })
        return Network(kind: "sfhf-cnn-trunk", root: trunk, inputShape: [1, time])
    }
}
