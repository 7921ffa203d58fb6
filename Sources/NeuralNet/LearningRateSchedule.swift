import Tensors

/// The learning rate per epoch, as closed forms of PyTorch's schedulers (epochs count from 0).
public enum LearningRateSchedule: Equatable {
    case constant(Float)
    /// `StepLR`: base·gamma^⌊epoch / stepSize⌋.
    case step(base: Float, stepSize: Int, gamma: Float)
    /// `CosineAnnealingLR` (T_max = totalEpochs, eta_min = minimum):
    /// minimum + (base − minimum)·(1 + cos(π·epoch / totalEpochs))/2.
    case cosine(base: Float, totalEpochs: Int, minimum: Float)

    public func rate(epoch: Int) -> Float {
        precondition(epoch >= 0, "epoch must be ≥ 0, got \(epoch)")
        switch self {
        case .constant(let rate):
            return rate
        case .step(let base, let stepSize, let gamma):
            precondition(stepSize > 0, "step schedule needs stepSize > 0")
            return Float(Double(base) * Elementary.pow(Double(gamma), Double(epoch / stepSize)))
        case .cosine(let base, let totalEpochs, let minimum):
            precondition(totalEpochs > 0, "cosine schedule needs totalEpochs > 0")
            let phase = Double.pi * Double(epoch) / Double(totalEpochs)
            return Float(Double(minimum) + (Double(base) - Double(minimum)) * (1 + Elementary.cos(phase)) / 2)
        }
    }
}
