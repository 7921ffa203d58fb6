import Foundation
import NeuralNet

/// Training stopped because the loss or a weight became NaN or infinite. Continuing would only
/// write NaN into every later checkpoint, map and table; the last finite snapshot is kept and
/// the failing epoch's checkpoint and metrics row are never written.
public struct TrainingDivergence: Error, CustomStringConvertible {
    public let epoch: Int
    /// The optimisation step (counted from the start of training, 1-based) that diverged.
    public let step: Int
    public let loss: Double
    public let learningRate: Double
    /// What went non-finite: "the training loss", "weight 'fc1.weight' (element 3 is nan)", …
    public let what: String

    public var description: String {
        "training diverged in epoch \(epoch), step \(step): \(what) is not finite (loss \(loss), learning rate \(learningRate)); "
            + "lower the learning rate (training.optimizer.lr) or check the data. The last finite snapshot is kept"
    }

    /// Throws if the step's loss, or after it any weight or buffer of `network`, is not finite.
    static func check(_ network: Network, loss: Double, epoch: Int, step: Int, learningRate: Float) throws {
        if !loss.isFinite {
            throw TrainingDivergence(epoch: epoch, step: step, loss: loss, learningRate: Double(learningRate), what: "the training loss")
        }
        if let bad = network.firstNonFiniteState {
            throw TrainingDivergence(epoch: epoch, step: step, loss: loss, learningRate: Double(learningRate),
                                     what: "weight '\(bad.name)' (element \(bad.index) is \(bad.value))")
        }
    }

    /// Throws if the epoch's validation loss is not finite (finite but huge weights can overflow).
    static func checkValidation(loss: Double, epoch: Int, step: Int, learningRate: Float) throws {
        if !loss.isFinite {
            throw TrainingDivergence(epoch: epoch, step: step, loss: loss, learningRate: Double(learningRate), what: "the validation loss")
        }
    }
}
