import Tensors

/// Plain minibatch SGD (no momentum) for a classifier, recording its trajectory:
///
///     θ_{t+1} = θ_t − η_t · ( (1/|B_t|) Σ_{i ∈ B_t} ∇ℓ_i(θ_t) + λ θ_t )
///
/// with η_t the epoch's rate, λ the weight decay (PyTorch's `SGD(weight_decay=λ)`) and the
/// minibatches consecutive slices of one permutation of the rows per epoch (drawn from the
/// generator when `shuffle`). The update is `SGD`'s own, so the arithmetic is the trainer's.
/// With rows left out, the same permutation and slices are used and a left-out row's loss
/// gets weight 0 while the divisor stays |B_t|: the counterfactual training whose outcome the
/// influence estimate predicts (Hara, Nitanda & Maehara 2019).
public struct PlainSGD {
    public var epochs: Int
    public var batchSize: Int
    public var shuffle: Bool
    /// η per epoch, rates[e − 1] for epoch e.
    public var rates: [Float]
    public var weightDecay: Float

    public init(epochs: Int, batchSize: Int, shuffle: Bool = true, rates: [Float], weightDecay: Float = 0) {
        precondition(rates.count == epochs, "\(rates.count) learning rates for \(epochs) epochs")
        (self.epochs, self.batchSize, self.shuffle, self.rates, self.weightDecay) = (epochs, batchSize, shuffle, rates, weightDecay)
    }

    /// Trains `network` from its current parameters and returns the trajectory.
    public func train(_ network: Network, on examples: LabeledExamples, generator: Generator,
                      leavingOut leftOut: Set<Int> = []) -> SGDTrajectory {
        var steps: [SGDStep] = [], starts: [[Float]] = []
        let optimizer = SGD(weightDecay: weightDecay)
        for epoch in 1...max(epochs, 1) where epoch <= epochs {
            starts.append(network.parameterVector())
            let order = shuffle ? generator.permutation(examples.count) : Array(0..<examples.count)
            for start in stride(from: 0, to: order.count, by: batchSize) {
                let step = SGDStep(epoch: epoch, learningRate: rates[epoch - 1],
                                   rows: Array(order[start..<min(start + batchSize, order.count)]))
                take(step, network, examples, optimizer: optimizer, leavingOut: leftOut)
                steps.append(step)
            }
        }
        return SGDTrajectory(steps: steps, epochStarts: starts, final: network.parameterVector())
    }

    /// θ_t at the start of every step of epoch `epoch`, recomputed from the epoch's recorded
    /// start; the network is left at the epoch's end.
    public func replay(_ network: Network, _ trajectory: SGDTrajectory, epoch: Int, on examples: LabeledExamples) -> [[Float]] {
        network.setParameters(trajectory.epochStarts[epoch - 1])
        let optimizer = SGD(weightDecay: weightDecay)
        var thetas: [[Float]] = []
        for step in trajectory.steps(inEpoch: epoch) {
            thetas.append(network.parameterVector())
            take(step, network, examples, optimizer: optimizer, leavingOut: [])
        }
        return thetas
    }

    func take(_ step: SGDStep, _ network: Network, _ examples: LabeledExamples, optimizer: SGD, leavingOut leftOut: Set<Int>) {
        let (x, y) = examples.batch(step.rows)
        let kept = leftOut.isEmpty ? nil : step.rows.map { !leftOut.contains($0) }
        network.zeroGradients()
        MinibatchGradient.accumulate(network, inputs: x, labels: y, kept: kept)
        optimizer.step(network.parameters, learningRate: step.learningRate)
    }
}
