import Tensors

/// The PyTorch examples' MNIST network: conv1 3×3 (1→32), ReLU, conv2 3×3 (32→64), ReLU,
/// max-pool 2, dropout 0.25, flatten, fc1 → 128, ReLU, dropout 0.5, fc2 → classes.
/// fc1's input width follows the input size (9216 for 1×28×28).
public enum MNISTCNN {
    public static func make(inputShape: Shape, classes: Int = 10, generator: Generator) -> Network {
        precondition(inputShape.rank == 3, "mnist-cnn needs (C, H, W) inputs, got \(inputShape)")
        let features: [(String, Layer)] = [
            ("conv1", Conv2d(inputShape[0], 32, kernel: 3, generator: generator)), ("relu1", ReLU()),
            ("conv2", Conv2d(32, 64, kernel: 3, generator: generator)), ("relu2", ReLU()),
            ("pool", MaxPool2d(kernel: 2)), ("dropout1", Dropout(0.25)), ("flatten", Flatten()),
        ]
        let flat = Sequential(features).outputShape(for: Shape([1] + inputShape.dims)).countPerItem
        let root = Sequential(features + [
            ("fc1", Linear(flat, 128, generator: generator)), ("relu3", ReLU()), ("dropout2", Dropout(0.5)),
            ("fc2", Linear(128, classes, generator: generator)),
        ])
        return Network(kind: "mnist-cnn", root: root, inputShape: inputShape)
    }
}
