import Tensors

/// 1-D convolution, PyTorch's `nn.Conv1d` without dilation or groups: the 2-D engine with H = 1.
/// x: (N, C, L), weight: (OC, C, K), bias: (OC), y: (N, OC, OL).
public final class Conv1d: Layer {
    public let weight: Parameter
    public let bias: Parameter?
    public let kernel: Int
    public let stride: Int
    public let padding: Int
    let engine = ConvolutionEngine()
    private var input: Tensor?

    public init(_ inChannels: Int, _ outChannels: Int, kernel: Int, stride: Int = 1, padding: Int = 0,
                bias: Bool = true, generator: Generator) {
        precondition(inChannels >= 1 && outChannels >= 1 && kernel >= 1 && stride >= 1 && padding >= 0,
                     "Conv1d(\(inChannels)→\(outChannels)): bad kernel \(kernel), stride \(stride) or padding \(padding)")
        (self.kernel, self.stride, self.padding) = (kernel, stride, padding)
        (weight, self.bias) = ConvolutionEngine.initialParameters(
            weightShape: [outChannels, inChannels, kernel], bias: bias, generator: generator)
    }
    public var inChannels: Int { weight.shape[1] }
    public var outChannels: Int { weight.shape[0] }

    public var state: [(name: String, entry: StateEntry)] {
        [("weight", .parameter(weight))] + (bias.map { [("bias", .parameter($0))] } ?? [])
    }

    /// (N, C, L) seen as (N, C, 1, L); the weight (OC, C, K) is already (OC, C, 1, K) in memory.
    func geometry(_ input: Shape) -> ConvGeometry {
        precondition(input.rank == 3 && input[1] == inChannels,
                     "Conv1d(\(inChannels)→\(outChannels)) needs (N, \(inChannels), L), got \(input)")
        let g = ConvGeometry(channels: input[1], height: 1, width: input[2],
                             kernel: (1, kernel), stride: (1, stride), padding: (0, padding))
        precondition(g.fits, "Conv1d kernel \(kernel) with padding \(padding) larger than input \(input)")
        return g
    }
    public func outputShape(for input: Shape) -> Shape {
        [input[0], outChannels, geometry(input).outputWidth]
    }

    public func forward(_ x: Tensor, _ context: ForwardContext) -> Tensor {
        let g = geometry(x.shape)
        input = context.savesForBackward ? x : nil
        let y = Tensor(uninitialized: [x.shape[0], outChannels, g.outputWidth])
        engine.forward(g, batch: x.shape[0], outChannels: outChannels, x: x.data,
                       weight: weight.value.data, bias: bias?.value.data, output: y.data)
        return y
    }

    public func backward(_ dOutput: Tensor, _ options: BackwardOptions) -> Tensor {
        guard let x = input else { preconditionFailure("Conv1d.backward before forward") }
        let g = geometry(x.shape)
        let expected: Shape = [x.shape[0], outChannels, g.outputWidth]
        precondition(dOutput.shape == expected, "Conv1d.backward: dOutput \(dOutput.shape), expected \(expected)")
        // Without a reader of dInput (the stem of a training step) it is zeros, not computed.
        let dInput = options.inputGradient ? Tensor(uninitialized: x.shape) : Tensor(zeros: x.shape)
        let params = options.parameterGradients
        engine.backward(g, batch: x.shape[0], outChannels: outChannels, x: x.data, weight: weight.value.data,
                        dOutput: dOutput.data, dInput: options.inputGradient ? dInput.data : nil,
                        dWeight: params ? weight.grad.data : nil, dBias: params ? bias?.grad.data : nil)
        if options.releasesSaved { input = nil }
        return dInput
    }
}
