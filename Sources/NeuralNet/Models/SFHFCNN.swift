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
