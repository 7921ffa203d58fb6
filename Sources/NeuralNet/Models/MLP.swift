import Tensors

/// A multi-layer perceptron: fc1, relu1, fc2, relu2, …, fcK (no activation on the output), for
/// regression (paper 000) or classification. `sizes` = [inputs, hidden…, outputs].
public enum MLP {
    public static func make(sizes: [Int], generator: Generator) -> Network {
        precondition(sizes.count >= 2 && sizes.allSatisfy { $0 > 0 }, "mlp sizes must be ≥ 2 positive widths, got \(sizes)")
        var children: [(String, Layer)] = []
        for i in 1..<sizes.count {
            children.append(("fc\(i)", Linear(sizes[i - 1], sizes[i], generator: generator)))
            if i < sizes.count - 1 { children.append(("relu\(i)", ReLU())) }
        }
        return Network(kind: "mlp", root: Sequential(children), inputShape: [sizes[0]])
    }
}
