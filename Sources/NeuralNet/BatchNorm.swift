import Tensors

/// PyTorch's `nn.BatchNorm1d` / `nn.BatchNorm2d`. Per channel c:
///     y = (x − μ_c) / √(σ²_c + eps) · γ_c + β_c
/// Training normalises with the batch mean and biased variance and folds the batch into the
/// running statistics; evaluation normalises with the running statistics.
///
/// Dimension legend: N items, C channels, S positions per channel (1 for (N, C), L for
/// (N, C, L), H·W for (N, C, H, W)), m = N·S values per channel. Run r = i·C + c, channel c of
/// item i, is the contiguous x[r·S ..< (r + 1)·S]; kernels walk runs in memory order.
public final class BatchNorm: Layer {
    /// γ: (C), initialised to 1.
    public let weight: Parameter
    /// β: (C), initialised to 0.
    public let bias: Parameter
    /// (C), initialised to 0.
    public let runningMean: Tensor
    /// (C), initialised to 1.
    public let runningVar: Tensor
    /// Training batches seen; PyTorch saves it, only `momentum: None` would read it.
    public let numBatchesTracked: Counter
    public let eps: Float
    public let momentum: Float

    /// The last forward's input and mode, kept for backward.
    private var input: Tensor?
    private var lastMode: Mode = .evaluation
    /// μ used by the last forward, batch or running: (C).
    private let savedMean: Tensor
    /// 1/√(σ² + eps) used by the last forward, batch (biased σ²) or running: (C).
    private let savedInvStd: Tensor

    public init(_ features: Int, eps: Float = 1e-5, momentum: Float = 0.1) {
        precondition(features > 0, "BatchNorm needs at least one feature")
        weight = Parameter(Tensor(repeating: 1, shape: [features]))
        bias = Parameter(Tensor(zeros: [features]))
        runningMean = Tensor(zeros: [features])
        runningVar = Tensor(repeating: 1, shape: [features])
        numBatchesTracked = Counter()
        self.eps = eps
        self.momentum = momentum
        savedMean = Tensor(zeros: [features])
        savedInvStd = Tensor(zeros: [features])
    }

    public var features: Int { weight.shape[0] }

    public var state: [(name: String, entry: StateEntry)] {
        [("weight", .parameter(weight)), ("bias", .parameter(bias)),
         ("running_mean", .buffer(runningMean)), ("running_var", .buffer(runningVar)),
         ("num_batches_tracked", .counter(numBatchesTracked))]
    }

    public func outputShape(for input: Shape) -> Shape {
        _ = extents(input)
        return input
    }

    /// (N, C, S) of an input shape, checked against this layer.
    private func extents(_ shape: Shape) -> (n: Int, c: Int, s: Int) {
        precondition((2...4).contains(shape.rank) && shape[1] == features,
                     "BatchNorm(\(features)) expects (N, \(features)[, L | , H, W]), got \(shape)")
        return (shape[0], shape[1], shape.dims.dropFirst(2).reduce(1, *))
    }

    /// What a forward pass does to y before writing it, fused so that the layers after
    /// BatchNorm in a residual block cost no pass of their own: the same operations in the same
    /// order as those layers, so the same bits.
    public enum Epilogue {
        case none
        /// max(y, 0): the ReLU after bn1.
        case relu
        /// max(y + shortcut, 0): the residual add and the ReLU after bn2.
        case addThenReLU(Tensor)
    }

    public func forward(_ x: Tensor, _ context: ForwardContext) -> Tensor { forward(x, context, epilogue: .none) }

    public func forward(_ x: Tensor, _ context: ForwardContext, epilogue: Epilogue) -> Tensor {
        forward(x, context, epilogue: epilogue, planeSums: nil)
    }

    /// With `planeSums` filled (by the layer before, from x's planes as it wrote them), the
    /// training statistics come from those instead of a pass over x: the same triples, so the
    /// same bits.
    func forward(_ x: Tensor, _ context: ForwardContext, epilogue: Epilogue, planeSums: PlaneSums?) -> Tensor {
        let (n, c, s) = extents(x.shape)
        let m = n * s
        let training = context.mode == .training
        if training {
            precondition(m > 1, "BatchNorm: expected more than 1 value per channel when training, got \(x.shape)")
            numBatchesTracked.value += 1
        }
        input = context.savesForBackward ? x : nil
        lastMode = context.mode
        let src = x.data
        let mean = savedMean.data, invStd = savedInvStd.data
        let runMean = runningMean.data, runVar = runningVar.data
        let eps = Double(self.eps)

        if training {
            // Statistics of x − k, k = x[0, c, 0], from the planes' sums (see `PlaneSums`).
            let sums = planeSums?.filled == true ? planeSums! : PlaneSums(planes: n * c)
            if !sums.filled { sums.fill(src, s: s) }
            let moments = sums.channelMoments(items: n, channels: c, perPlane: s)
            let momentum = Double(self.momentum)
            for ch in 0..<c {
                // μ = k + E[x − k];  σ²_biased = E[(x − k)²] − E[x − k]²
                let shiftedMean = moments[ch].sum / Double(m)
                let variance = max(moments[ch].squares / Double(m) - shiftedMean * shiftedMean, 0)
                let mu = moments[ch].shift + shiftedMean
                mean[ch] = Float(mu)
                invStd[ch] = Float(1 / (variance + eps).squareRoot())
                // running ← (1 − momentum)·running + momentum·batch, with the unbiased variance.
                let unbiased = variance * Double(m) / Double(m - 1)
                runMean[ch] = Float((1 - momentum) * Double(runMean[ch]) + momentum * mu)
                runVar[ch] = Float((1 - momentum) * Double(runVar[ch]) + momentum * unbiased)
            }
        } else {
            for ch in 0..<c {
                mean[ch] = runMean[ch]
                invStd[ch] = Float(1 / (Double(runVar[ch]) + eps).squareRoot())
            }
        }

        // y = (x − μ)·a + β with a = γ/σ; subtracting μ first avoids cancellation.
        let y = Tensor(uninitialized: x.shape)
        let dst = y.data, gamma = weight.value.data, beta = bias.value.data
        var shortcut: UnsafePointer<Float>?
        if case .addThenReLU(let t) = epilogue {
            precondition(t.shape == x.shape, "BatchNorm: shortcut \(t.shape) for input \(x.shape)")
            shortcut = UnsafePointer(t.data)
        }
        parallelRanges(n * c, costPerItem: s) { runs in
            for run in runs {
                let ch = run % c
                let mu = mean[ch], a = gamma[ch] * invStd[ch], b = beta[ch]
                let xRun = src + run * s, yRun = dst + run * s
                switch epilogue {
                case .none:
                    for j in 0..<s { yRun[j] = (xRun[j] - mu) * a + b }
                case .relu:
                    rectifiedRun(xRun, count: s, mu: mu, a: a, b: b, adding: nil, into: yRun)
                case .addThenReLU:
                    rectifiedRun(xRun, count: s, mu: mu, a: a, b: b, adding: shortcut! + run * s, into: yRun)
                }
            }
        }
        return y
    }

    public func backward(_ dOutput: Tensor, _ options: BackwardOptions) -> Tensor {
        guard let x = input else { preconditionFailure("BatchNorm.backward before forward") }
        precondition(dOutput.shape == x.shape, "BatchNorm.backward: gradient \(dOutput.shape) for input \(x.shape)")
        let (n, c, s) = extents(x.shape)
        let m = Double(n * s)
        let src = x.data, dy = dOutput.data
        let mean = savedMean.data, invStd = savedInvStd.data, gamma = weight.value.data
        let training = lastMode == .training

        // Per channel: a = γ/σ, and for training b, c0 such that dx = a·dy + b·(x − μ) + c0.
        let coefficients = UnsafeMutablePointer<Float>.allocate(capacity: 3 * c)  // (C, 3): a, b, c0
        defer { coefficients.deallocate() }
        for ch in 0..<c {
            coefficients[3 * ch] = gamma[ch] * invStd[ch]
            coefficients[3 * ch + 1] = 0
            coefficients[3 * ch + 2] = 0
        }
        if training || options.parameterGradients {
            // Σdy and Σdy·(x − μ); Σdy·x̂ = (1/σ)·Σdy·(x − μ).
            let totals = UnsafeMutablePointer<Double>.allocate(capacity: 2 * c)  // (C, 2)
            defer { totals.deallocate() }
            channelTotals(n: n, c: c, s: s, into: totals) { run, ch in
                let r = gradientSums(dy + run * s, src + run * s, count: s, shift: mean[ch])
                return (r.sum, r.dot)
            }
            let dWeight = weight.grad.data, dBias = bias.grad.data
            for ch in 0..<c {
                let sumDy = totals[2 * ch], sumDyXhat = Double(invStd[ch]) * totals[2 * ch + 1]
                if options.parameterGradients {
                    dWeight[ch] += Float(sumDyXhat)
                    dBias[ch] += Float(sumDy)
                }
                if training {
                    // dx = (1/m)·γ/σ·(m·dy − Σdy − x̂·Σ(dy·x̂)) = a·dy + b·(x − μ) + c0
                    // with b = −a·(1/σ)·Σ(dy·x̂)/m and c0 = −a·Σdy/m.
                    let a = Double(coefficients[3 * ch])
                    coefficients[3 * ch + 1] = Float(-a * Double(invStd[ch]) * sumDyXhat / m)
                    coefficients[3 * ch + 2] = Float(-a * sumDy / m)
                }
            }
        }

        // Evaluation: the running statistics are constants, so the layer is affine and dx = a·dy.
        let dInput = Tensor(uninitialized: x.shape)
        let dx = dInput.data
        parallelRanges(n * c, costPerItem: 2 * s) { runs in
            for run in runs {
                let ch = run % c
                let a = coefficients[3 * ch], g = dy + run * s, out = dx + run * s
                if training {
                    let b = coefficients[3 * ch + 1], c0 = coefficients[3 * ch + 2], mu = mean[ch]
                    let xRun = src + run * s
                    for j in 0..<s { out[j] = a * g[j] + b * (xRun[j] - mu) + c0 }
                } else {
                    for j in 0..<s { out[j] = a * g[j] }
                }
            }
        }
        if options.releasesSaved { input = nil }
        return dInput
    }
}

/// y[j] = ReLU((x[j] − μ)·a + b [+ add[j]]) for j < count, with ReLU's own test (`rectified`);
/// explicit SIMD, as in ReLU, for the same reason.
@inline(__always)
private func rectifiedRun(_ x: UnsafePointer<Float>, count: Int, mu: Float, a: Float, b: Float,
                          adding add: UnsafePointer<Float>?, into y: UnsafeMutablePointer<Float>) {
    var j = 0
    while j + 8 <= count {
        var v = (UnsafeRawPointer(x + j).loadUnaligned(as: SIMD8<Float>.self) - mu) * a + b
        if let add { v += UnsafeRawPointer(add + j).loadUnaligned(as: SIMD8<Float>.self) }
        UnsafeMutableRawPointer(y + j).storeBytes(of: rectified(v), as: SIMD8<Float>.self)
        j += 8
    }
    while j < count {
        var v = (x[j] - mu) * a + b
        if let add { v += add[j] }
        y[j] = rectified(v)
        j += 1
    }
}

public typealias BatchNorm1d = BatchNorm
public typealias BatchNorm2d = BatchNorm
