import Tensors

/// What a network is trained against: class labels (softmax cross-entropy on logits) or
/// real-valued targets of the output's shape (mean squared error).
public enum TrainingTarget {
    case classes([Int])
    case values(Tensor)

    public func loss(_ output: Tensor) -> LossValue {
        switch self {
        case .classes(let labels): return SoftmaxCrossEntropy.evaluate(logits: output, labels: labels)
        case .values(let targets): return MeanSquaredError.evaluate(predictions: output, targets: targets)
        }
    }
}

/// One optimisation step: zero gradients, forward in training mode, loss, backward, update.
/// Returns the batch's mean loss.
@discardableResult
public func trainingStep(_ network: Network, optimizer: Optimizer, inputs: Tensor, target: TrainingTarget,
                         learningRate: Float, generator: Generator) -> Double {
    timedPart("zeroGradients") { network.zeroGradients() }
    let output = network.forward(inputs, ForwardContext(mode: .training, generator: generator))
    let loss = timedPart("loss") { target.loss(output) }
    _ = network.backward(loss.gradient, .trainingStep)
    timedPart("optimizer") { optimizer.step(network.parameters, learningRate: learningRate) }
    return loss.value
}
