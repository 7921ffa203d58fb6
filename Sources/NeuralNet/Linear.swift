import Tensors

/// y = x Wᵀ + b.  x: (N, IN), W: (OUT, IN), b: (OUT), y: (N, OUT).
public final class Linear: Layer {
    public let weight: Parameter
    public let bias: Parameter?
    private var input: Tensor?

    /// PyTorch's default initialisation: W, b ~ U(−1/√IN, 1/√IN).
    public init(_ inFeatures: Int, _ outFeatures: Int, bias: Bool = true, generator: Generator) {
        let bound = 1 / Float(inFeatures).squareRoot()
        let w = Tensor(uninitialized: [outFeatures, inFeatures])
        generator.fillUniform(w, low: -bound, high: bound)
        weight = Parameter(w)
        if bias {
            let b = Tensor(uninitialized: [outFeatures])
            generator.fillUniform(b, low: -bound, high: bound)
            self.bias = Parameter(b)
        } else {
            self.bias = nil
        }
    }
    public var inFeatures: Int { weight.shape[1] }
    public var outFeatures: Int { weight.shape[0] }

    public var state: [(name: String, entry: StateEntry)] {
        [("weight", .parameter(weight))] + (bias.map { [("bias", .parameter($0))] } ?? [])
    }
    public func outputShape(for input: Shape) -> Shape {
        precondition(input.countPerItem == inFeatures, "Linear(\(inFeatures)→\(outFeatures)) got input \(input)")
        return [input[0], outFeatures]
    }

    public func forward(_ x: Tensor, _ context: ForwardContext) -> Tensor {
        let n = x.shape[0]
        precondition(x.shape.countPerItem == inFeatures, "Linear(\(inFeatures)→\(outFeatures)) got \(x.shape)")
        input = context.savesForBackward ? x : nil
        let y = Tensor(uninitialized: [n, outFeatures])  // y: (N, OUT)
        if let b = bias {
            for i in 0..<n { (y.data + i * outFeatures).update(from: b.value.data, count: outFeatures) }
        }
        gemm(.none, .transposed, m: n, n: outFeatures, k: inFeatures, a: x.data, lda: inFeatures,
             b: weight.value.data, ldb: inFeatures, beta: bias == nil ? 0 : 1, c: y.data, ldc: outFeatures)
        return y
    }

    public func backward(_ dOutput: Tensor, _ options: BackwardOptions) -> Tensor {
        guard let x = input else { preconditionFailure("Linear.backward before forward") }
        let n = x.shape[0]
        // dInput = dOutput · W : (N, OUT)·(OUT, IN)
        let dInput = Tensor(uninitialized: x.shape)
        gemm(.none, .none, m: n, n: inFeatures, k: outFeatures, a: dOutput.data, lda: outFeatures,
             b: weight.value.data, ldb: inFeatures, c: dInput.data, ldc: inFeatures)
        if options.parameterGradients {
            // dWeight += dOutputᵀ · x : (OUT, N)·(N, IN)
            gemm(.transposed, .none, m: outFeatures, n: inFeatures, k: n, a: dOutput.data, lda: outFeatures,
                 b: x.data, ldb: inFeatures, beta: 1, c: weight.grad.data, ldc: inFeatures)
            if let b = bias {
                let db = b.grad.data
                for i in 0..<n {
                    let row = dOutput.data + i * outFeatures
                    for j in 0..<outFeatures { db[j] += row[j] }
                }
            }
        }
        if options.releasesSaved { input = nil }
        return dInput
    }
}
