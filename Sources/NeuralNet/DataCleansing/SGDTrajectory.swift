/// One SGD step as training took it: its epoch (from 1), learning rate η_t and minibatch B_t
/// (rows of the training examples, in the order they were drawn).
public struct SGDStep: Equatable, Sendable {
    public var epoch: Int
    public var learningRate: Float
    public var rows: [Int]

    public init(epoch: Int, learningRate: Float, rows: [Int]) {
        (self.epoch, self.learningRate, self.rows) = (epoch, learningRate, rows)
    }
}

/// What SGD data cleansing needs to recompute any step of a training: every step's minibatch
/// and learning rate, the parameters at the start of every epoch (θ of the epoch's first step)
/// and the final θ_T. Any θ_t is one epoch's replay away (`PlainSGD.replay`).
public struct SGDTrajectory: Equatable {
    public var steps: [SGDStep]
    /// epochStarts[e − 1] is θ at the start of epoch e, as `Network.parameterVector()` orders it.
    public var epochStarts: [[Float]]
    public var final: [Float]

    public init(steps: [SGDStep], epochStarts: [[Float]], final: [Float]) {
        (self.steps, self.epochStarts, self.final) = (steps, epochStarts, final)
    }

    public var epochs: Int { epochStarts.count }

    /// The steps of epoch `epoch` (from 1), in training order.
    public func steps(inEpoch epoch: Int) -> [SGDStep] { steps.filter { $0.epoch == epoch } }
}
