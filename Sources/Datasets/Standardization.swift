import Tensors

/// Per-feature standardisation of (T, D) inputs and of a scalar target, x̂ = (x − μ_x)/σ_x and
/// ŷ = (y − μ_y)/σ_y, with statistics of the training steps only (paper 000: "standardise
/// inputs with training statistics"), so nothing of the validation or test steps leaks into
/// the model. Codable, to be stored with the run.
///
/// Gradients. The network computes ŷ = f(x̂), so its raw prediction is
/// y = μ_y + σ_y · f((x − μ_x)/σ_x), and by the chain rule
///
///     ∂y/∂x_d = (σ_y / σ_x,d) · ∂ŷ/∂x̂_d
///
/// Paper 000 compares attributions with F_s, the coefficients of y on the RAW x, so maps are
/// taken back through `rawInputGradient` first. σ_y is common to all features and does not
/// change a ranking, but it puts the maps on F_s's scale (for heatmaps beside F_s); 1/σ_x,d
/// differs per feature and does change the ranking.
public struct Standardization: Codable, Equatable, Sendable {
    /// μ_x and σ_x per input feature (population std, divided by the number of steps).
    public let inputMean: [Double]
    public let inputStd: [Double]
    /// μ_y and σ_y of the target.
    public let targetMean: Double
    public let targetStd: Double

    public init(inputMean: [Double], inputStd: [Double], targetMean: Double, targetStd: Double) {
        precondition(inputMean.count == inputStd.count, "Standardization: \(inputMean.count) means, \(inputStd.count) stds")
        precondition(inputStd.allSatisfy { $0 >= 0 } && targetStd >= 0, "Standardization: negative std")
        self.inputMean = inputMean
        self.inputStd = inputStd
        self.targetMean = targetMean
        self.targetStd = targetStd
    }

    /// Statistics of the rows `steps` of (T, D) `inputs` and (T, 1) `targets`, in Double, two
    /// passes (mean, then squared deviations).
    public static func fit(inputs: Tensor, targets: Tensor, steps: [Int]) -> Standardization {
        precondition(inputs.shape.rank == 2 && targets.count == inputs.shape[0],
                     "Standardization.fit: inputs \(inputs.shape), targets \(targets.shape)")
        precondition(!steps.isEmpty, "Standardization.fit: no steps to fit on")
        precondition(steps.allSatisfy { $0 >= 0 && $0 < inputs.shape[0] },
                     "Standardization.fit: a step is outside 0..<\(inputs.shape[0])")
        let d = inputs.shape[1]
        let n = Double(steps.count)
        var mean = [Double](repeating: 0, count: d), targetMean = 0.0
        for t in steps {
            for j in 0..<d { mean[j] += Double(inputs.data[t * d + j]) }
            targetMean += Double(targets.data[t])
        }
        mean = mean.map { $0 / n }
        targetMean /= n
        var variance = [Double](repeating: 0, count: d), targetVariance = 0.0
        for t in steps {
            for j in 0..<d {
                let e = Double(inputs.data[t * d + j]) - mean[j]
                variance[j] += e * e
            }
            let e = Double(targets.data[t]) - targetMean
            targetVariance += e * e
        }
        return Standardization(inputMean: mean, inputStd: variance.map { ($0 / n).squareRoot() },
                               targetMean: targetMean, targetStd: (targetVariance / n).squareRoot())
    }

    /// Statistics of the series' training steps (validation and test steps excluded).
    public static func fit(_ series: ARStatesSeries) -> Standardization {
        fit(inputs: series.x, targets: series.y, steps: series.steps(.train))
    }

    /// The scale actually divided by: a constant feature (std 0) is only shifted, to 0, as
    /// `Normalization` does, and its gradient is then left unscaled too.
    var inputScale: [Float] { inputStd.map { $0 > 0 ? Float($0) : 1 } }
    var targetScale: Float { targetStd > 0 ? Float(targetStd) : 1 }

    /// (x − μ_x)/σ_x of (T, D) inputs, in Float32, as a new tensor.
    public func standardizedInputs(_ x: Tensor) -> Tensor {
        let d = requireFeatures(x, "standardizedInputs")
        let result = Tensor(uninitialized: x.shape)
        let means = inputMean.map { Float($0) }, scales = inputScale
        for t in 0..<x.shape[0] {
            for j in 0..<d { result.data[t * d + j] = (x.data[t * d + j] - means[j]) / scales[j] }
        }
        return result
    }

    /// (y − μ_y)/σ_y, as a new tensor.
    public func standardizedTargets(_ y: Tensor) -> Tensor {
        let result = Tensor(uninitialized: y.shape)
        let (mean, scale) = (Float(targetMean), targetScale)
        for i in 0..<y.count { result.data[i] = (y.data[i] - mean) / scale }
        return result
    }

    /// μ_y + σ_y · ŷ: a standardised prediction back in the target's units, as a new tensor.
    public func rawTargets(_ standardized: Tensor) -> Tensor {
        let result = Tensor(uninitialized: standardized.shape)
        let (mean, scale) = (Float(targetMean), targetScale)
        for i in 0..<standardized.count { result.data[i] = mean + scale * standardized.data[i] }
        return result
    }

    /// ∂y/∂x_d = (σ_y/σ_x,d) · ∂ŷ/∂x̂_d for every row of (T, D) maps taken on standardised
    /// data, as a new tensor (see the type's comment).
    public func rawInputGradient(_ maps: Tensor) -> Tensor {
        let d = requireFeatures(maps, "rawInputGradient")
        let factor = inputScale.map { targetScale / $0 }
        let result = Tensor(uninitialized: maps.shape)
        for t in 0..<maps.shape[0] {
            for j in 0..<d { result.data[t * d + j] = factor[j] * maps.data[t * d + j] }
        }
        return result
    }

    /// The series with standardised x and y; coefficients and splits unchanged.
    public func apply(to series: ARStatesSeries) -> ARStatesSeries {
        series.replacing(x: standardizedInputs(series.x), y: standardizedTargets(series.y))
    }

    private func requireFeatures(_ t: Tensor, _ caller: String) -> Int {
        precondition(t.shape.rank == 2 && t.shape[1] == inputMean.count,
                     "Standardization.\(caller): expected (T, \(inputMean.count)), got \(t.shape)")
        return inputMean.count
    }
}
