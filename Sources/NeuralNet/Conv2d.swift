import Tensors

/// 2-D convolution, PyTorch's `nn.Conv2d` without dilation or groups.
/// x: (N, C, H, W), weight: (OC, C, KH, KW), bias: (OC), y: (N, OC, OH, OW).
public final class Conv2d: Layer {
    public let weight: Parameter
    public let bias: Parameter?
    public let kernel: (Int, Int)
    public let stride: (Int, Int)
    public let padding: (Int, Int)
    let engine = ConvolutionEngine()
    private var input: Tensor?

    public init(_ inChannels: Int, _ outChannels: Int, kernel: (Int, Int), stride: (Int, Int) = (1, 1),
                padding: (Int, Int) = (0, 0), bias: Bool = true, generator: Generator) {
        precondition(inChannels >= 1 && outChannels >= 1 && kernel.0 >= 1 && kernel.1 >= 1
                     && stride.0 >= 1 && stride.1 >= 1 && padding.0 >= 0 && padding.1 >= 0,
                     "Conv2d(\(inChannels)→\(outChannels)): bad kernel \(kernel), stride \(stride) or padding \(padding)")
        (self.kernel, self.stride, self.padding) = (kernel, stride, padding)
        (weight, self.bias) = ConvolutionEngine.initialParameters(
            weightShape: [outChannels, inChannels, kernel.0, kernel.1], bias: bias, generator: generator)
    }
    public convenience init(_ inChannels: Int, _ outChannels: Int, kernel: Int, stride: Int = 1,
                            padding: Int = 0, bias: Bool = true, generator: Generator) {
        self.init(inChannels, outChannels, kernel: (kernel, kernel), stride: (stride, stride),
                  padding: (padding, padding), bias: bias, generator: generator)
    }
    public var inChannels: Int { weight.shape[1] }
    public var outChannels: Int { weight.shape[0] }

    public var state: [(name: String, entry: StateEntry)] {
        [("weight", .parameter(weight))] + (bias.map { [("bias", .parameter($0))] } ?? [])
    }

    func geometry(_ input: Shape) -> ConvGeometry {
        precondition(input.rank == 4 && input[1] == inChannels,
                     "Conv2d(\(inChannels)→\(outChannels)) needs (N, \(inChannels), H, W), got \(input)")
        let g = ConvGeometry(channels: input[1], height: input[2], width: input[3],
                             kernel: kernel, stride: stride, padding: padding)
        precondition(g.fits, "Conv2d kernel \(kernel) with padding \(padding) larger than input \(input)")
        return g
    }
    public func outputShape(for input: Shape) -> Shape {
        let g = geometry(input)
        return [input[0], outChannels, g.outputHeight, g.outputWidth]
    }

    public func forward(_ x: Tensor, _ context: ForwardContext) -> Tensor { forward(x, context, rectified: false) }

    /// With `rectified`, the output is ReLU's of the convolution's, applied chunk by chunk while
    /// the chunk is in cache: a ReLU that follows costs no pass of its own (`Sequential`).
    public func forward(_ x: Tensor, _ context: ForwardContext, rectified: Bool) -> Tensor {
        forward(x, context, rectified: rectified, planeSums: nil)
    }

    /// With `planeSums`, the sums a BatchNorm after this layer needs, taken from each output
    /// plane as it is written where the route allows (`PlaneSums.filled` says whether it did).
    func forward(_ x: Tensor, _ context: ForwardContext, rectified: Bool = false, planeSums: PlaneSums?) -> Tensor {
        let g = geometry(x.shape)
        input = context.savesForBackward ? x : nil
        let y = Tensor(uninitialized: [x.shape[0], outChannels, g.outputHeight, g.outputWidth])
        engine.forward(g, batch: x.shape[0], outChannels: outChannels, x: x.data,
                       weight: weight.value.data, bias: bias?.value.data, output: y.data, rectified: rectified,
                       planeSums: planeSums)
        return y
    }

    public func backward(_ dOutput: Tensor, _ options: BackwardOptions) -> Tensor {
        backward(dOutput, options, throughReLU: false)
    }

    /// With `throughReLU`, where the input is a ReLU's output and the backward rule standard:
    /// dInput also through that ReLU's backward (+0 where the input is not > 0), fused into the
    /// pass that writes it where there is one (`BasicBlock`).
    func backward(_ dOutput: Tensor, _ options: BackwardOptions, throughReLU: Bool) -> Tensor {
        guard let x = input else { preconditionFailure("Conv2d.backward before forward") }
        let g = geometry(x.shape)
        let expected: Shape = [x.shape[0], outChannels, g.outputHeight, g.outputWidth]
        precondition(dOutput.shape == expected, "Conv2d.backward: dOutput \(dOutput.shape), expected \(expected)")
        // Without a reader of dInput (the stem of a training step) it is zeros, not computed.
        let dInput = options.inputGradient ? Tensor(uninitialized: x.shape) : Tensor(zeros: x.shape)
        let params = options.parameterGradients
        engine.backward(g, batch: x.shape[0], outChannels: outChannels, x: x.data, weight: weight.value.data,
                        dOutput: dOutput.data, dInput: options.inputGradient ? dInput.data : nil,
                        dWeight: params ? weight.grad.data : nil, dBias: params ? bias?.grad.data : nil,
                        throughReLU: throughReLU && options.inputGradient)
        if options.releasesSaved { input = nil }
        return dInput
    }
}

/// The ReLU's output is this layer's own saved input (`backward(_:_:throughReLU:)` above).
extension Conv2d: BackwardThroughReLU {}
