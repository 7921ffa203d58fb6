import Datasets
import Foundation
import NeuralNet
import Tensors

/// Trains the spec's model on `data/train-*`, evaluates `data/validation-*` after every epoch,
/// keeps `checkpoints/epoch-NNNN.safetensors` at the snapshot epochs and `train/metrics.csv`.
/// A killed run resumes from its newest intact checkpoint (sha256 checked against the record
/// made when it was written): the checkpoint holds the weights, optimizer slots, generator
/// state and the history so far, so the rest is replayed exactly. A loss or weight that turns
/// NaN or infinite stops training at that step (`TrainingDivergence`).
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
        let prefix = folder.isEmpty ? "" : folder + "/"
        let task = spec.data.task
        let train = try SupervisedArrays.read("train", in: data)
        let validation = try SupervisedArrays.read("validation", in: data)
        var model = Model(spec, stage: name)
        let schedule = training.schedule.schedule(base: training.optimizer.learningRate, epochs: training.epochs)
        var digests = CheckpointDigests.read(in: dir)
        let resumed = try resume(&model, dir: dir, digests: digests, context: context, prefix: prefix)
        if let resumed, digests?.digest(of: RunDirectory.checkpointName(epoch: resumed.epoch)) == nil {
            // Resumed from a checkpoint with no record: the run was killed between writing its
            // first checkpoint and the first record (or predates the record). It loaded, so it
            // is what training continues from; recorded now, the record ends as an
            // uninterrupted run's does (the crash test found it one entry short).
            var record = digests ?? CheckpointDigests()
            try record.record(RunDirectory.checkpointName(epoch: resumed.epoch), in: dir)
            digests = record
        }
        let (generator, network, optimizer) = (model.generator, model.network, model.optimizer)
        var history = resumed?.history ?? TrainingHistory()
        var step = resumed?.step ?? 0
        let firstEpoch = (resumed?.epoch ?? 0) + 1

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
                let loss = trainingStep(network, optimizer: optimizer, inputs: x, target: target,
                                        learningRate: rate, generator: generator)
                step += 1
                // Checked every step: the first NaN stops training before anything is written from it.
                try TrainingDivergence.check(network, loss: loss, epoch: epoch, step: step, learningRate: rate)
                lossSum += loss
                let done = start / training.batchSize + 1, elapsed = Date().timeIntervalSince(started)
                let seen = min(start + training.batchSize, order.count)
                context.progress(.batch(BatchProgress(epoch: epoch, epochs: training.epochs, batch: done, batches: Int(batches),
                                                      samplesPerSecond: Double(seen) / max(elapsed, 1e-9),
                                                      secondsLeftInEpoch: elapsed / Double(done) * (batches - Double(done)))))
            }
            let evaluation = Evaluation.of(network, on: validation, task: task, batchSize: max(training.batchSize, 256))
            try TrainingDivergence.checkValidation(loss: evaluation.loss, epoch: epoch, step: step, learningRate: rate)
            history.rows.append(.init(epoch: epoch, learningRate: Double(rate), trainLoss: lossSum / batches,
                                      validationLoss: evaluation.loss, validationAccuracy: evaluation.accuracy,
                                      lastLayerWeightNorm: TrainingStage.lastLayerWeightNorm(network)))
            try dir.write(history.csv, to: TrainingHistory.artifact.path)
            if training.snapshots.keeps(epoch, of: training.epochs) {
                let relative = RunDirectory.checkpointName(epoch: epoch)
                try Checkpoint.save(network, optimizer: optimizer, position: TrainingPosition(epoch: epoch, step: step),
                                    generator: generator, metadata: ["history": history.csv], to: try dir.file(relative))
                var record = digests ?? CheckpointDigests()
                try record.record(relative, in: dir)
                digests = record
            }
            let seconds = Date().timeIntervalSince(started)
            secondsPerEpoch.append(seconds)
            let mean = secondsPerEpoch.reduce(0, +) / Double(secondsPerEpoch.count)
            context.progress(.epoch(EpochProgress(epoch: epoch, epochs: training.epochs, trainLoss: lossSum / batches,
                                                  validationLoss: evaluation.loss, samplesPerSecond: Double(train.count) / seconds,
                                                  secondsLeft: mean * Double(training.epochs - epoch))))
            if epoch == interruptAfterEpoch { throw Interrupted() }
        }
        try ReferenceEpoch.record(spec.reference, history: history,
                                  snapshots: (1...training.epochs).filter { training.snapshots.keeps($0, of: training.epochs) },
                                  in: context, folder: dir)
        return ([TrainingHistory.artifact.path, ReferenceEpoch.path] + dir.files(under: "checkpoints")).map { prefix + $0 }
    }

    /// The generator, network and optimizer of a training from its start.
    struct Model {
        let generator: Generator
        let network: Network
        let optimizer: Optimizer
        init(_ spec: ExperimentSpec, stage: String) {
            generator = Generator.forStage(stage, seed: spec.seed)
            network = spec.model.build(inputShape: spec.data.inputShape, outputs: spec.data.task.outputs, generator: generator)
            optimizer = spec.training.optimizer.make()
        }
    }

    /// Where a resumed training continues: after `epoch`, at `step`, with the history so far.
    struct ResumePoint {
        let epoch: Int, step: Int, history: TrainingHistory
    }

    /// Loads the newest checkpoint that is intact into `model`; nil (and `model` fresh) when
    /// there is none, so training starts over — it is deterministic, so that still ends in the
    /// same bytes, only later. Every checkpoint passed over is reported and why.
    func resume(_ model: inout Model, dir: RunDirectory, digests: CheckpointDigests?, context: RunContext,
                prefix: String) throws -> ResumePoint? {
        let candidates = checkpoints(dir, epochs: context.spec.training.epochs)
        guard !candidates.isEmpty else { return nil }
        let recorded = Runner.recordedOutputs(in: context.directory)
        for epoch in candidates.reversed() {
            let relative = RunDirectory.checkpointName(epoch: epoch)
            if let problem = integrityProblem(relative, in: dir, digests: digests, recorded: recorded[prefix + relative]) {
                context.progress(.note("\(prefix)\(relative) \(problem); not resuming from it"))
                continue
            }
            let url = dir.root.appendingPathComponent(relative)
            do {
                let position = try Checkpoint.load(into: model.network, optimizer: model.optimizer, generator: model.generator, from: url)
                guard position.epoch == epoch else {
                    throw CheckpointError(file: url, "its metadata says epoch \(position.epoch), its name epoch \(epoch)")
                }
                let history = try TrainingHistory(csv: try SafetensorsFile.read(from: url).metadata["history"] ?? "")
                context.progress(.note("resuming after epoch \(position.epoch) from \(prefix)\(relative)"))
                return ResumePoint(epoch: position.epoch, step: position.step, history: history)
            } catch {
                context.progress(.note("\(prefix)\(relative) cannot be resumed from (\(error)); not resuming from it"))
                model = Model(context.spec, stage: name)  // a failed load may have changed part of the state
            }
        }
        context.progress(.note("no intact checkpoint in \(prefix)checkpoints/: training starts over from epoch 1"))
        return nil
    }

    /// Why the checkpoint at `relative` must not be trusted, or nil. Its sha256 is compared with
    /// the one recorded when it was written (the sidecar), else the manifest's; a checkpoint
    /// with neither record is trusted only in a folder from before the sidecar existed.
    func integrityProblem(_ relative: String, in dir: RunDirectory, digests: CheckpointDigests?, recorded: String?) -> String? {
        guard let expected = digests?.digest(of: relative) ?? recorded else {
            return digests == nil ? nil : "has no recorded sha256 (the run stopped between writing it and recording it)"
        }
        guard let actual = try? SHA256.hex(file: dir.root.appendingPathComponent(relative)) else { return "cannot be read" }
        return actual == expected ? nil : "is damaged: its sha256 differs from the one recorded when it was written"
    }

    /// Epochs with a complete checkpoint file (files appear only when fully written), ascending.
    func checkpoints(_ dir: RunDirectory, epochs: Int) -> [Int] {
        (1...max(epochs, 1)).filter { dir.exists(RunDirectory.checkpointName(epoch: $0)) }
    }

    static func lastLayerWeightNorm(_ network: Network) -> Double {
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
            let y = network.forward(x, .inference)
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
