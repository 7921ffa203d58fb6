import Foundation
import NeuralNet
import Tensors

/// Trains the spec's model on the noisy labels with plain SGD (`PlainSGD`) and records its
/// trajectory in open formats: trajectory/minibatches.csv (step, epoch, η, one line per row of
/// the minibatch), trajectory/epoch-NNNN-start.safetensors (θ at each epoch's start, PyTorch
/// names) and trajectory/final.safetensors (θ_T).
struct TrajectoryTrainingStage: Stage {
    let name = "train"

    /// The network and generator of a training from its start: the network's initial weights
    /// are the stage stream's first draws, the shuffles its next ones (as `TrainingStage`).
    static func start(_ spec: ExperimentSpec) -> (network: Network, generator: Generator) {
        let generator = Generator.forStage("train", seed: spec.seed)
        return (spec.model.build(inputShape: spec.data.inputShape, outputs: spec.data.task.outputs, generator: generator), generator)
    }

    /// The spec's training as plain SGD (validation refused momentum and augmentation).
    static func sgd(_ spec: ExperimentSpec) -> PlainSGD {
        let t = spec.training
        let schedule = t.schedule.schedule(base: t.optimizer.learningRate, epochs: t.epochs)
        var decay = 0.0
        if case let .sgd(_, _, _, weightDecay) = t.optimizer { decay = weightDecay }
        return PlainSGD(epochs: t.epochs, batchSize: t.batchSize, shuffle: t.shuffle,
                        rates: (0..<t.epochs).map { schedule.rate(epoch: $0) }, weightDecay: Float(decay))
    }

    func run(_ context: RunContext) throws -> [String] {
        let spec = context.spec, dir = context.directory
        let examples = try LabeledExamples.noisyTraining(in: dir)
        let (network, generator) = TrajectoryTrainingStage.start(spec)
        let trajectory = TrajectoryTrainingStage.sgd(spec).train(network, on: examples, generator: generator)
        return try TrajectoryFiles.write(trajectory, network: network, in: dir)
    }
}

/// The trajectory's files: written by training, read by the influence stage.
enum TrajectoryFiles {
    static func write(_ trajectory: SGDTrajectory, network: Network, in dir: RunDirectory) throws -> [String] {
        var lines = DataCleansingArtifacts.minibatches.header
        var firstStep: [Int: Int] = [:]
        for (t, step) in trajectory.steps.enumerated() {
            if firstStep[step.epoch] == nil { firstStep[step.epoch] = t }
            for row in step.rows { lines += "\(t),\(step.epoch),\(step.learningRate),\(row)\n" }
        }
        try dir.write(lines, to: DataCleansingArtifacts.minibatches.path)
        var written = [DataCleansingArtifacts.minibatches.path]
        for (e, theta) in trajectory.epochStarts.enumerated() {
            network.setParameters(theta)
            let path = DataCleansingArtifacts.epochStart(e + 1)
            // The position is what has been done when epoch e + 1 starts: e epochs, its first step.
            try Checkpoint.save(network, optimizer: nil, position: TrainingPosition(epoch: e, step: firstStep[e + 1] ?? 0),
                                generator: nil, to: try dir.file(path))
            written.append(path)
        }
        network.setParameters(trajectory.final)
        try Checkpoint.save(network, optimizer: nil, position: TrainingPosition(epoch: trajectory.epochs, step: trajectory.steps.count),
                            generator: nil, to: try dir.file(DataCleansingArtifacts.final))
        return written + [DataCleansingArtifacts.final]
    }

    /// The trajectory back from its files; `network` (the spec's model) gives the parameter order.
    static func read(_ network: Network, epochs: Int, in dir: RunDirectory) throws -> SGDTrajectory {
        let rows = try DataCleansingArtifacts.minibatches.read(in: dir)
        var steps: [SGDStep] = []
        for i in 0..<rows.count {
            let (t, epoch, row) = (try rows.int(i, "step"), try rows.int(i, "epoch"), try rows.int(i, "row"))
            guard let rate = Float(try rows.string(i, "learning_rate")) else {
                throw ArtifactError(file: DataCleansingArtifacts.minibatches.path, problem: "line \(i + 2) has no number as learning_rate")
            }
            if t == steps.count { steps.append(SGDStep(epoch: epoch, learningRate: rate, rows: [])) }
            guard t == steps.count - 1 else {
                throw ArtifactError(file: DataCleansingArtifacts.minibatches.path, problem: "line \(i + 2) has step \(t) after step \(steps.count - 1)")
            }
            steps[t].rows.append(row)
        }
        func parameters(_ path: String) throws -> [Float] {
            try Checkpoint.loadWeights(into: network, from: dir.root.appendingPathComponent(path))
            return network.parameterVector()
        }
        let starts = try (1...max(epochs, 1)).filter { $0 <= epochs }.map { try parameters(DataCleansingArtifacts.epochStart($0)) }
        return SGDTrajectory(steps: steps, epochStarts: starts, final: try parameters(DataCleansingArtifacts.final))
    }
}
