import Foundation
import Tensors

/// Where a training run stands, saved in a checkpoint so a resumed run continues from there.
public struct TrainingPosition: Equatable, Codable {
    public var epoch: Int
    public var step: Int
    public init(epoch: Int, step: Int) {
        self.epoch = epoch
        self.step = step
    }
}

/// driftlab's checkpoints: one safetensors file holding the model state under its PyTorch
/// `state_dict` names (so `model.load_state_dict(load_file(path), strict=False)` works), plus
/// optimizer slots, the generator and the training position for resuming.
public enum Checkpoint {
    public static let format = "driftlab-checkpoint-1"
    static let optimizerPrefix = "optimizer."
    static let generatorPrefix = "generator."
    static let generatorKey = "generator.state"

    /// The `__metadata__` keys driftlab writes; callers' metadata may not reuse them.
    enum Key {
        static let format = "format", model = "model", epoch = "epoch", step = "step"
        static let optimizerSteps = "optimizer.steps"
        static let all: Set = [format, model, epoch, step, optimizerSteps]
    }

    public static func save(_ network: Network, optimizer: Optimizer?, position: TrainingPosition?,
                            generator: Generator?, metadata: [String: String] = [:], to url: URL) throws {
        let reserved = metadata.keys.filter(Key.all.contains).sorted()
        guard reserved.isEmpty else {
            throw CheckpointError(file: url, "metadata keys \(reserved) are reserved for driftlab")
        }
        var file = SafetensorsFile(metadata: metadata)
        file.metadata[Key.format] = format
        file.metadata[Key.model] = network.kind
        for (name, entry) in network.state {
            switch entry {
            case .parameter(let p): file.tensors[name] = SafetensorsTensor(p.value)
            case .buffer(let t): file.tensors[name] = SafetensorsTensor(t)
            case .counter(let c): file.tensors[name] = SafetensorsTensor(int64: c.value)
            }
        }
        if let optimizer {
            for slot in optimizer.slots { file.tensors[optimizerPrefix + slot.name] = SafetensorsTensor(slot.tensor) }
            file.metadata[Key.optimizerSteps] = String(optimizer.steps)
        }
        if let generator { file.tensors[generatorKey] = SafetensorsTensor(uint64: generator.savedState) }
        if let position {
            file.metadata[Key.epoch] = String(position.epoch)
            file.metadata[Key.step] = String(position.step)
        }
        try file.write(to: url)
    }

    /// Model state only, from a driftlab checkpoint or a PyTorch `state_dict` saved with
    /// safetensors. Strict like `load_state_dict`: all problems are checked, and reported
    /// together, before any tensor is changed. Returns the file's `__metadata__`.
    @discardableResult
    public static func loadWeights(into network: Network, from url: URL) throws -> [String: String] {
        let file = try SafetensorsFile.read(from: url)
        let copies = try matchState(of: network, in: file, url: url)
        for copy in copies { copy.apply() }
        return file.metadata
    }

    /// Everything `save` wrote, for resuming: weights, optimizer slots and step count (when an
    /// optimizer is given), generator state (when a generator is given); returns the position.
    public static func load(into network: Network, optimizer: Optimizer?, generator: Generator?,
                            from url: URL) throws -> TrainingPosition {
        let file = try SafetensorsFile.read(from: url)
        func fail(_ problem: String) -> CheckpointError { CheckpointError(file: url, problem) }
        guard file.metadata[Key.format] == format else {
            let found = file.metadata[Key.format].map { "\"\($0)\"" } ?? "missing"
            throw fail("not a driftlab checkpoint: __metadata__ format is \(found), expected \"\(format)\"")
        }
        if let model = file.metadata[Key.model], model != network.kind {
            throw fail("checkpoint is of model '\(model)', the network is '\(network.kind)'")
        }
        // Everything is validated before anything changes; the optimizer validates its own slots.
        let copies = try matchState(of: network, in: file, url: url)
        // Counts are never negative; a damaged one would trap in the optimizer or the schedule.
        let position = TrainingPosition(epoch: try integer(Key.epoch, in: file, url: url, atLeast: 0),
                                        step: try integer(Key.step, in: file, url: url, atLeast: 0))
        let generatorState = try generator.map { _ in try savedGeneratorState(in: file, url: url) }
        if let optimizer {
            let steps = try integer(Key.optimizerSteps, in: file, url: url, atLeast: 0)
            let slots = try optimizerSlots(in: file, url: url)
            do {
                try optimizer.restore(slots: slots, steps: steps, parameters: network.parameters)
            } catch {
                throw fail("cannot restore optimizer state: \(error)")
            }
        }
        for copy in copies { copy.apply() }
        if let generator, let generatorState { generator.restore(savedState: generatorState) }
        return position
    }
}
