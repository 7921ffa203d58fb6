import Tensors

/// ResNet-18 in its CIFAR form (paper 003): 3×3 stem without max-pool, four stages of two
/// BasicBlocks of widths w, 2w, 4w, 8w (strides 1, 2, 2, 2), global average pool, linear.
/// State names are torchvision's (`layer2.0.downsample.0.weight`, `fc.bias`, …). Any input
/// channel count and size (≥ 8×8) works, e.g. 1×28×28.
public enum ResNet18 {
    public static func make(inputShape: Shape, classes: Int, width: Int = 64, generator: Generator) -> Network {
        precondition(inputShape.rank == 3, "resnet18 needs (C, H, W) inputs, got \(inputShape)")
        let widths = [width, 2 * width, 4 * width, 8 * width]
        var children: [(String, Layer)] = [
            ("conv1", Conv2d(inputShape[0], width, kernel: 3, stride: 1, padding: 1, bias: false, generator: generator)),
            ("bn1", BatchNorm(width)),
            ("relu", ReLU()),
        ]
        var channels = width
        for (stage, w) in widths.enumerated() {
            let stride = stage == 0 ? 1 : 2
            children.append(("layer\(stage + 1)", Sequential(numbered: [
                BasicBlock(channels, w, stride: stride, generator: generator),
                BasicBlock(w, w, stride: 1, generator: generator),
            ])))
            channels = w
        }
        children.append(("avgpool", GlobalAvgPool()))
        children.append(("fc", Linear(channels, classes, generator: generator)))
        let root = Sequential(children)
        initialiseConvolutions(root, generator: generator)
        return Network(kind: "resnet18", root: root, inputShape: inputShape)
    }

    /// torchvision re-initialises every convolution with kaiming_normal_(mode="fan_out",
    /// nonlinearity="relu"): w ~ N(0, 2 / (OC·KH·KW)). BatchNorm starts at γ = 1, β = 0.
    static func initialiseConvolutions(_ root: Sequential, generator: Generator) {
        for (name, p) in root.parameters where name.hasSuffix("weight") && p.shape.rank == 4 {
            let fanOut = p.shape[0] * p.shape[2] * p.shape[3]
            generator.fillNormal(p.value, mean: 0, std: (2 / Float(fanOut)).squareRoot())
        }
    }
}
