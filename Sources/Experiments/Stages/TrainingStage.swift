import Datasets
import Foundation
import NeuralNet
import Tensors

/// Trains the spec's model on `data/train-*`, evaluates `data/validation-*` after every epoch,
/// keeps `checkpoints/epoch-NNNN.safetensors` at the snapshot epochs and `train/metrics.csv`.
/// A killed run resumes from its last complete checkpoint: the checkpoint holds the weights,
/// optimizer slots, generator state and the history so far, so the rest is replayed exactly.
public struct TrainingStage: Stage {
    public let name = "train"
    /// Where checkpoints/ and train/ go, relative to the run ("" = the run itself; one seed's
    /// folder when several seeds train). The data is always the run's data/.
    public var folder = ""
    /// Tests stop training after this epoch by throwing, to simulate a kill.
    var interruptAfterEpoch: Int?

    public init(folder: String = "") { self.folder = folder }
    init(interruptAfterEpoch: Int?, folder: String = "") { (self.interruptAfterEpoch, self.folder) = (interruptAfterEpoch, folder) }

    public struct Interrupted: Error {}

    public func run(_ context: RunContext) throws -> [String] {
        let spec = context.spec, data = context.directory, training = spec.training
        let dir = data.subdirectory(folder)
        let task = spec.data.task
        let train = try SupervisedArrays.read("train", in: data)
        let validation = try SupervisedArrays.read("validation", in: data)
        let generator = Generator.forStage(name, seed: spec.seed)
        let network = spec.model.build(inputShape: spec.data.inputShape, outputs: task.outputs, generator: generator)
        let optimizer = training.optimizer.make()
        let schedule = training.schedule.schedule(base: training.optimizer.learningRate, epochs: training.epochs)
        var history = TrainingHistory()
        var step = 0
        var firstEpoch = 1

        if let last = lastCheckpoint(dir, epochs: training.epochs) {
            let url = dir.root.appendingPathComponent(RunDirectory.checkpointName(epoch: last))
            let position = try Checkpoint.load(into: network, optimizer: optimizer, generator: generator, from: url)
            let file = try SafetensorsFile.read(from: url)
            history = try TrainingHistory(csv: file.metadata["history"] ?? "")
            step = position.step
            firstEpoch = position.epoch + 1
            context.progress(.note("resuming after epoch \(position.epoch) from \(RunDirectory.checkpointName(epoch: last))"))
        }

        let batches = Double((train.count + training.batchSize - 1) / training.batchSize)
        var secondsPerEpoch: [Double] = []
        for epoch in firstEpoch...max(firstEpoch, training.epochs) where epoch <= training.epochs {
            let started = Date()
            let rate = schedule.rate(epoch: epoch - 1)
            let order = training.shuffle ? generator.permutation(train.count) : Array(0..<train.count)
            var lossSum = 0.0
            for start in stride(from: 0, to: order.count, by: training.batchSize) {
                var (x, target) = train.batch(order[start..<min(start + training.batchSize, order.count)], task: task)
                if let a = training.augmentation, x.shape.rank == 4 {
                    x = Augmentation(padding: a.padding, horizontalFlip: a.flip).apply(x, generator: generator)
                }
                lossSum += trainingStep(network, optimizer: optimizer, inputs: x, target: target,
                                        learningRate: rate, generator: generator)
                step += 1
            }
            let evaluation = Evaluation.of(network, on: validation, task: task, batchSize: max(training.batchSize, 256))
            history.rows.append(.init(epoch: epoch, learningRate: Double(rate), trainLoss: lossSum / batches,
                                      validationLoss: evaluation.loss, validationAccuracy: evaluation.accuracy,
                                      lastLayerWeightNorm: lastLayerWeightNorm(network)))
            try dir.write(history.csv, to: TrainingHistory.artifact.path)
            if training.snapshots.keeps(epoch, of: training.epochs) {
                try Checkpoint.save(network, optimizer: optimizer, position: TrainingPosition(epoch: epoch, step: step),
                                    generator: generator, metadata: ["history": history.csv],
                                    to: try dir.file(RunDirectory.checkpointName(epoch: epoch)))
            }
            let seconds = Date().timeIntervalSince(started)
            secondsPerEpoch.append(seconds)
            let mean = secondsPerEpoch.reduce(0, +) / Double(secondsPerEpoch.count)
            context.progress(.epoch(EpochProgress(epoch: epoch, epochs: training.epochs, trainLoss: lossSum / batches,
                                                  validationLoss: evaluation.loss, samplesPerSecond: Double(train.count) / seconds,
                                                  secondsLeft: mean * Double(training.epochs - epoch))))
            if epoch == interruptAfterEpoch { throw Interrupted() }
        }
        let reference = try ReferenceEpoch.resolve(spec.reference, history: history,
                                                   snapshots: (1...training.epochs).filter { training.snapshots.keeps($0, of: training.epochs) })
        try dir.write(reference.json, to: ReferenceEpoch.path)
        context.progress(.note("reference epoch \(reference.epoch) (\(reference.rule))"))
        let prefix = folder.isEmpty ? "" : folder + "/"
        return ([TrainingHistory.artifact.path, ReferenceEpoch.path] + dir.files(under: "checkpoints")).map { prefix + $0 }
    }

    /// The highest complete checkpoint (files appear only when fully written).
    func lastCheckpoint(_ dir: RunDirectory, epochs: Int) -> Int? {
        (1...epochs).last { dir.exists(RunDirectory.checkpointName(epoch: $0)) }
    }

    func lastLayerWeightNorm(_ network: Network) -> Double {
        guard let last = network.parameters.last(where: { $0.name.hasSuffix("weight") }) else { return 0 }
        return last.parameter.value.squaredNorm().squareRoot()
    }
}

/// Loss (and accuracy) of a network on a split, in evaluation mode.
public struct Evaluation {
    public var loss: Double
    public var accuracy: Double?
    /// The network's outputs for every row, (N, outputs).
    public var outputs: Tensor

    public static func of(_ network: Network, on data: SupervisedArrays, task: Task, batchSize: Int) -> Evaluation {
        let outputs = Tensor(uninitialized: [data.count, task.outputs])
        var lossSum = 0.0, correct = 0
        for start in stride(from: 0, to: data.count, by: batchSize) {
            let rows = start..<min(start + batchSize, data.count)
            let (x, target) = data.batch(Array(rows)[...], task: task)
            let y = network.forward(x)
            (outputs.data + start * task.outputs).update(from: y.data, count: y.count)
            lossSum += target.loss(y).value * Double(rows.count)
            if case .classes(let labels) = target {
                correct += zip(y.argmaxRows(), labels).filter { $0 == $1 }.count
            }
        }
        let isClassification: Bool
        if case .classification = task { isClassification = true } else { isClassification = false }
        return Evaluation(loss: lossSum / Double(max(data.count, 1)),
                          accuracy: isClassification ? Double(correct) / Double(max(data.count, 1)) : nil,
                          outputs: outputs)
    }
}
