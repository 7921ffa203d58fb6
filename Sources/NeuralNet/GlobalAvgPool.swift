import Tensors

/// Mean over every spatial position: (N, C, spatial…) → (N, C), PyTorch's
/// `AdaptiveAvgPool2d(1)` followed by `flatten(1)` — ResNet's avgpool feeding fc directly.
public final class GlobalAvgPool: Layer {
    private var inputShape: Shape?
    public init() {}

    public func outputShape(for input: Shape) -> Shape {
        precondition(input.rank >= 3 && input.dims.dropFirst(2).allSatisfy { $0 > 0 },
                     "GlobalAvgPool needs (N, C, spatial…) with non-empty spatial axes, got \(input)")
        return [input[0], input[1]]
    }

    public func forward(_ x: Tensor, _ context: ForwardContext) -> Tensor {
        let y = Tensor(uninitialized: outputShape(for: x.shape))
        inputShape = x.shape
        let s = x.shape.dims.dropFirst(2).reduce(1, *), scale = 1 / Float(s)
        let src = x.data, dst = y.data
        parallelRanges(y.count, costPerItem: s) { planes in
            for plane in planes {
                let p = src + plane * s  // p: (spatial)
                var sum: Float = 0
                for i in 0..<s { sum += p[i] }
                dst[plane] = sum * scale
            }
        }
        return y
    }

    public func backward(_ dOutput: Tensor, _ options: BackwardOptions) -> Tensor {
        guard let shape = inputShape else { preconditionFailure("GlobalAvgPool.backward before forward") }
        precondition(dOutput.shape == outputShape(for: shape),
                     "GlobalAvgPool.backward: dOutput \(dOutput.shape) for input \(shape)")
        let dInput = Tensor(uninitialized: shape)
        let s = shape.dims.dropFirst(2).reduce(1, *), scale = 1 / Float(s)
        let dy = dOutput.data, dx = dInput.data
        parallelRanges(dOutput.count, costPerItem: s) { planes in
            for plane in planes { (dx + plane * s).update(repeating: dy[plane] * scale, count: s) }
        }
        return dInput
    }
}
