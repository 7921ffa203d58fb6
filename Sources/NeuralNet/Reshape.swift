import Tensors

/// (N, …) → (N, ∏…): PyTorch's `nn.Flatten()`.
public final class Flatten: Layer {
    private var inputShape: Shape?
    public init() {}
    public func outputShape(for input: Shape) -> Shape { [input[0], input.countPerItem] }
    public func forward(_ x: Tensor, _ context: ForwardContext) -> Tensor {
        inputShape = x.shape
        return x.reshaped(outputShape(for: x.shape))
    }
    public func backward(_ dOutput: Tensor, _ options: BackwardOptions) -> Tensor {
        dOutput.reshaped(inputShape!)
    }
}

/// (N, …) → (N, itemShape…): PyTorch's `nn.Unflatten(1, itemShape)`; e.g. (N, A, T) → (N, 1, A, T).
public final class Unflatten: Layer {
    public let itemShape: [Int]
    private var inputShape: Shape?
    public init(_ itemShape: [Int]) { self.itemShape = itemShape }
    public func outputShape(for input: Shape) -> Shape {
        precondition(input.countPerItem == itemShape.reduce(1, *), "Unflatten to \(itemShape) got \(input)")
        return Shape([input[0]] + itemShape)
    }
    public func forward(_ x: Tensor, _ context: ForwardContext) -> Tensor {
        inputShape = x.shape
        return x.reshaped(outputShape(for: x.shape))
    }
    public func backward(_ dOutput: Tensor, _ options: BackwardOptions) -> Tensor {
        dOutput.reshaped(inputShape!)
    }
}
