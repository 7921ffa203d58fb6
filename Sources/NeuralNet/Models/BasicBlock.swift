import Tensors

/// ResNet's residual block (He et al. 2016), torchvision's `BasicBlock`:
/// y = ReLU(bn2(conv2(ReLU(bn1(conv1(x))))) + shortcut(x)), where the shortcut is the identity
/// or, when the stride or width changes, the projection `downsample` = (1×1 conv, BatchNorm).
public final class BasicBlock: Layer {
    public let conv1: Conv2d, bn1: BatchNorm, relu1 = ReLU()
    public let conv2: Conv2d, bn2: BatchNorm, relu2 = ReLU()
    public let downsample: Sequential?

    public init(_ inChannels: Int, _ outChannels: Int, stride: Int, generator: Generator) {
        conv1 = Conv2d(inChannels, outChannels, kernel: 3, stride: stride, padding: 1, bias: false, generator: generator)
        bn1 = BatchNorm(outChannels)
        conv2 = Conv2d(outChannels, outChannels, kernel: 3, stride: 1, padding: 1, bias: false, generator: generator)
        bn2 = BatchNorm(outChannels)
        if stride != 1 || inChannels != outChannels {
            downsample = Sequential(numbered: [
                Conv2d(inChannels, outChannels, kernel: 1, stride: stride, bias: false, generator: generator),
                BatchNorm(outChannels),
            ])
        } else {
            downsample = nil
        }
    }

    public var state: [(name: String, entry: StateEntry)] {
        prefixed("conv1", conv1) + prefixed("bn1", bn1) + prefixed("conv2", conv2) + prefixed("bn2", bn2)
            + (downsample.map { prefixed("downsample", $0) } ?? [])
    }
    public func outputShape(for input: Shape) -> Shape { conv2.outputShape(for: conv1.outputShape(for: input)) }

    /// relu1 runs inside bn1's pass, and the residual add and relu2 inside bn2's
    /// (`BatchNorm.Epilogue`: the same bits, three passes over the block's output fewer);
    /// the ReLUs keep their outputs for backward as their own forward would.
    /// When training, each convolution also sums its output planes for the BatchNorm after it
    /// as it writes them (`PlaneSums`), so that BatchNorm reads its input once.
    public func forward(_ x: Tensor, _ context: ForwardContext) -> Tensor {
        let training = context.mode == .training
        func sums(_ conv: Conv2d, _ input: Tensor) -> PlaneSums? {
            training ? PlaneSums(planes: input.shape[0] * conv.outChannels) : nil
        }
        let sums1 = sums(conv1, x)
        var main = timedForward(conv1, "conv1") { conv1.forward(x, context, planeSums: sums1) }
        main = timedForward(bn1, "bn1") { [main] in bn1.forward(main, context, epilogue: .relu, planeSums: sums1) }
        relu1.keep(output: main, context)
        let sums2 = sums(conv2, main)
        main = timedForward(conv2, "conv2") { [main] in conv2.forward(main, context, planeSums: sums2) }
        let shortcut = downsample.map { timedForward($0, "downsample", x, context) } ?? x
        main = timedForward(bn2, "bn2") { [main] in
            bn2.forward(main, context, epilogue: .addThenReLU(shortcut), planeSums: sums2)
        }
        relu2.keep(output: main, context)
        return main
    }

    public func backward(_ dOutput: Tensor, _ options: BackwardOptions) -> Tensor {
        var options = options
        options.inputGradient = true  // conv2's feeds bn1; conv1's and the shortcut's are summed
        let dSum = timedBackward(relu2, "relu2", dOutput, options)
        var g = timedBackward(bn2, "bn2", dSum, options)
        if options.reluRule == .standard {
            // relu1's backward inside conv2's (its input is relu1's output): one pass fewer.
            g = timedBackward(conv2, "conv2") { [g] in conv2.backward(g, options, throughReLU: true) }
            relu1.backwardComputedByNextLayer(options)
        } else {
            g = timedBackward(conv2, "conv2", g, options)
            g = timedBackward(relu1, "relu1", g, options)
        }
        g = timedBackward(bn1, "bn1", g, options)
        let dInput = timedBackward(conv1, "conv1", g, options)
        dInput.add(downsample.map { timedBackward($0, "downsample", dSum, options) } ?? dSum)
        return dInput
    }
}
