import Foundation
import XCTest
import Tensors
@testable import NeuralNet

final class CheckpointTests: XCTestCase {
    struct Run {
        let network: Network
        let optimizer: FakeOptimizer
        let generator: Generator
        var stats: StatisticsLayer { network.root.children[2].layer as! StatisticsLayer }

        init(seed: UInt64) {
            network = makeTinyNetwork(seed: seed)
            optimizer = FakeOptimizer(parameters: network.parameters, seed: seed &+ 100)
            generator = Generator(seed: seed &+ 200)
        }
    }

    /// A run part-way through training: buffers and counter moved, steps taken, a normal pending.
    func trainedRun() -> Run {
        let run = Run(seed: 1)
        run.generator.fillNormal(run.stats.runningMean)
        run.stats.batches.value = 1_234_567_890_123
        for _ in 0..<17 { run.optimizer.step(run.network.parameters, learningRate: 0.1) }
        _ = run.generator.normal()
        return run
    }

    func testSaveThenLoadRestoresEverything() throws {
        let url = try makeTemporaryDirectory().appendingPathComponent("epoch-0003.safetensors")
        let original = trainedRun()
        try Checkpoint.save(original.network, optimizer: original.optimizer, position: TrainingPosition(epoch: 3, step: 51),
                            generator: original.generator, metadata: ["spec": "mnist.yaml"], to: url)

        let resumed = Run(seed: 2)
        let weightStorage = resumed.network.parameters.map { ObjectIdentifier($0.parameter.value.storage) }
        let position = try Checkpoint.load(into: resumed.network, optimizer: resumed.optimizer,
                                           generator: resumed.generator, from: url)
        XCTAssertEqual(position, TrainingPosition(epoch: 3, step: 51))
        XCTAssertEqual(stateBits(resumed.network), stateBits(original.network))
        XCTAssertEqual(resumed.network.parameters.map { ObjectIdentifier($0.parameter.value.storage) }, weightStorage,
                       "values are copied into the existing tensors")
        XCTAssertEqual(resumed.optimizer.steps, 17)
        XCTAssertEqual(resumed.optimizer.slots.map(\.name), original.optimizer.slots.map(\.name))
        for (a, b) in zip(resumed.optimizer.slots, original.optimizer.slots) {
            XCTAssertEqual(a.tensor.array.map(\.bitPattern), b.tensor.array.map(\.bitPattern), a.name)
        }
        XCTAssertEqual((0..<5).map { _ in resumed.generator.normal() }, (0..<5).map { _ in original.generator.normal() })
        XCTAssertEqual(resumed.generator.next(), original.generator.next())
    }

    /// Damaged checkpoints (random byte edits and cuts, and negative counts in the metadata)
    /// load or throw a CheckpointError, never trap: SGD's restore and the schedule trap on
    /// negative counts, so they are checked first.
    func testMangledCheckpointsNeverTrap() throws {
        func fresh() -> (Network, SGD, Generator) {
            let g = Generator(seed: 4)
            return (MLP.make(sizes: [3, 4, 2], generator: g), SGD(momentum: 0.9), g)
        }
        let dir = try makeTemporaryDirectory()
        let url = dir.appendingPathComponent("c.safetensors")
        let (network, sgd, generator) = fresh()
        sgd.step(network.parameters, learningRate: 0.1)
        for key in ["optimizer.steps", "epoch", "step"] {
            try Checkpoint.save(network, optimizer: sgd, position: TrainingPosition(epoch: 2, step: 9), generator: generator, to: url)
            var file = try SafetensorsFile.read(from: url)
            file.metadata[key] = "-3"
            try file.write(to: url)
            let (n, o, g) = fresh()
            XCTAssertEqual(checkpointError { _ = try Checkpoint.load(into: n, optimizer: o, generator: g, from: url) }?.problem,
                           "__metadata__ \"\(key)\" is -3, expected ≥ 0")
        }
        try Checkpoint.save(network, optimizer: sgd, position: TrainingPosition(epoch: 2, step: 9), generator: generator, to: url)
        let valid = [UInt8](try Data(contentsOf: url))
        let rng = Generator(seed: 17)
        for round in 0..<500 {
            var bytes = valid
            if round % 3 == 0 {
                bytes = Array(bytes.prefix(Int(rng.next() % UInt64(bytes.count))))
            } else {
                for _ in 0..<(1 + Int(rng.next() % 4)) {
                    bytes[Int(rng.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: rng.next())
                }
            }
            try Data(bytes).write(to: url)
            let (n, o, g) = fresh()
            do { _ = try Checkpoint.load(into: n, optimizer: o, generator: g, from: url) } catch {
                XCTAssertTrue(error is CheckpointError, "\(error)")
            }
        }
    }

    /// The names and types a PyTorch user sees, and the metadata driftlab adds.
    func testFileLayout() throws {
        let url = try makeTemporaryDirectory().appendingPathComponent("c.safetensors")
        let run = trainedRun()
        try Checkpoint.save(run.network, optimizer: run.optimizer, position: TrainingPosition(epoch: 3, step: 51),
                            generator: run.generator, metadata: ["spec": "mnist.yaml"], to: url)
        let file = try SafetensorsFile.read(from: url)
        XCTAssertEqual(file.metadata, ["format": "driftlab-checkpoint-1", "model": "tiny", "epoch": "3", "step": "51",
                                       "optimizer.steps": "17", "spec": "mnist.yaml"])
        let modelNames = ["fc1.weight", "fc1.bias", "stats.running_mean", "stats.num_batches_tracked", "fc2.weight", "fc2.bias"]
        let slotNames = run.network.parameters.map { "optimizer." + $0.name + ".momentum_buffer" }
        XCTAssertEqual(Set(file.tensors.keys), Set(modelNames + slotNames + ["generator.state"]))
        XCTAssertEqual(file.tensors["fc1.weight"]?.dtype, .f32)
        XCTAssertEqual(file.tensors["fc1.weight"]?.shape, [6, 4])
        XCTAssertEqual(file.tensors["stats.num_batches_tracked"]?.dtype, .i64)
        XCTAssertEqual(file.tensors["stats.num_batches_tracked"]?.shape, [])
        XCTAssertEqual(file.tensors["generator.state"]?.uint64Values(), run.generator.savedState)

        // Weights alone, without position or optimizer: loadWeights takes it, load needs a position.
        let bare = url.deletingLastPathComponent().appendingPathComponent("bare.safetensors")
        try Checkpoint.save(run.network, optimizer: nil, position: nil, generator: nil, to: bare)
        XCTAssertEqual(Set(try SafetensorsFile.read(from: bare).tensors.keys), Set(modelNames))
        let fresh = makeTinyNetwork(seed: 9)
        try Checkpoint.loadWeights(into: fresh, from: url)  // skips optimizer.* and generator.*
        XCTAssertEqual(stateBits(fresh), stateBits(run.network))
        XCTAssertTrue(checkpointError {
            _ = try Checkpoint.load(into: fresh, optimizer: nil, generator: nil, from: bare)
        }?.problem.contains("__metadata__ has no \"epoch\"") ?? false)
    }

    func testReservedMetadataKeysAreRejected() throws {
        let url = try makeTemporaryDirectory().appendingPathComponent("r.safetensors")
        let error = checkpointError {
            try Checkpoint.save(makeTinyNetwork(seed: 1), optimizer: nil, position: nil, generator: nil,
                                metadata: ["epoch": "9", "format": "x"], to: url)
        }
        XCTAssertEqual(error?.problem, "metadata keys [\"epoch\", \"format\"] are reserved for driftlab")
    }

    /// Strict loading: every problem is listed, by name, and the network is left untouched.
    func testLoadWeightsNamesMissingMisshapenAndUnexpectedTensors() throws {
        let url = try makeTemporaryDirectory().appendingPathComponent("bad.safetensors")
        let source = makeTinyNetwork(seed: 1)
        var file = SafetensorsFile()
        for (name, entry) in source.state {
            if case .parameter(let p) = entry { file.tensors[name] = SafetensorsTensor(p.value) }
        }
        file.tensors["stats.running_mean"] = SafetensorsTensor(Tensor(zeros: [6]))
        file.tensors["stats.num_batches_tracked"] = SafetensorsTensor(Tensor(repeating: 2.5, shape: []))
        file.tensors["fc2.bias"] = nil
        file.tensors["fc1.weight"] = SafetensorsTensor(Tensor(zeros: [6, 5]))
        file.tensors["fc2.weight"] = SafetensorsTensor(int64: Array(repeating: 1, count: 18), shape: [3, 6])
        file.tensors["head.weight"] = SafetensorsTensor(Tensor(zeros: [2]))
        file.tensors["optimizer.fc1.weight.momentum_buffer"] = SafetensorsTensor(Tensor(zeros: [1]))
        try file.write(to: url)

        let target = makeTinyNetwork(seed: 2)
        let before = stateBits(target)
        let error = checkpointError { try Checkpoint.loadWeights(into: target, from: url) }
        let problem = error?.problem ?? ""
        for phrase in ["missing tensor 'fc2.bias' (expected shape [3])",
                       "tensor 'fc1.weight' has shape [6, 5], the model expects [6, 4]",
                       "tensor 'fc2.weight' has dtype I64, expected a float type",
                       "tensor 'stats.num_batches_tracked' is a counter but holds F32 that is not an integer",
                       "unexpected tensors not in model 'tiny': 'head.weight'"] {
            XCTAssertTrue(problem.contains(phrase), "\(problem) lacks \(phrase)")
        }
        XCTAssertFalse(problem.contains("optimizer."))
        XCTAssertEqual(stateBits(target), before)
    }

    func testLoadRejectsOtherModelsAndForeignFiles() throws {
        let dir = try makeTemporaryDirectory()
        let url = dir.appendingPathComponent("tiny.safetensors")
        let run = trainedRun()
        try Checkpoint.save(run.network, optimizer: nil, position: TrainingPosition(epoch: 1, step: 1), generator: nil, to: url)
        let other = Network(kind: "other", root: makeTinyNetwork(seed: 3).root, inputShape: [4])
        XCTAssertEqual(checkpointError { _ = try Checkpoint.load(into: other, optimizer: nil, generator: nil, from: url) }?.problem,
                       "checkpoint is of model 'tiny', the network is 'other'")
        XCTAssertEqual(checkpointError {
            _ = try Checkpoint.load(into: run.network, optimizer: nil, generator: Generator(seed: 0), from: url)
        }?.problem, "missing tensor 'generator.state'")
        let foreign = dir.appendingPathComponent("torch.safetensors")
        try SafetensorsFile(tensors: try SafetensorsFile.read(from: url).tensors, metadata: ["format": "pt"]).write(to: foreign)
        XCTAssertTrue(checkpointError {
            _ = try Checkpoint.load(into: run.network, optimizer: nil, generator: nil, from: foreign)
        }?.problem.hasPrefix("not a driftlab checkpoint") ?? false)
    }

    /// A state_dict as PyTorch saves it (float32 weights, int64 scalar num_batches_tracked), here
    /// written with NumPy since torch is not installed; one tensor in NumPy's default float64.
    func testLoadsStateDictWrittenByPython() throws {
        try Python.requireSafetensors()
        let url = try makeTemporaryDirectory().appendingPathComponent("state_dict.safetensors")
        try Python.run("""
            import sys, numpy as np
            from safetensors.numpy import save_file
            state = {
                "fc1.weight": (np.arange(24, dtype=np.float32) * np.float32(0.01)).reshape(6, 4),
                "fc1.bias": np.arange(6, dtype=np.float32) - np.float32(2.5),
                "stats.running_mean": np.arange(6) * 0.1,
                "stats.num_batches_tracked": np.array(938, dtype=np.int64),
                "fc2.weight": np.full((3, 6), -0.75, dtype=np.float32),
                "fc2.bias": np.array([1e-3, 2e-3, 3e-3], dtype=np.float32),
            }
            save_file(state, sys.argv[1], metadata={"format": "pt"})
            """, [url.path])
        let network = makeTinyNetwork(seed: 5)
        try Checkpoint.loadWeights(into: network, from: url)
        let values = Dictionary(uniqueKeysWithValues: network.state.map { ($0.name, $0.entry) })
        func floats(_ name: String) -> [Float] {
            switch values[name]! {
            case .parameter(let p): return p.value.array
            case .buffer(let t): return t.array
            case .counter: return []
            }
        }
        XCTAssertEqual(floats("fc1.weight"), (0..<24).map { Float($0) * Float(0.01) })
        XCTAssertEqual(floats("fc1.bias"), (0..<6).map { Float($0) - 2.5 })
        XCTAssertEqual(floats("stats.running_mean"), (0..<6).map { Float(Double($0) * 0.1) })
        XCTAssertEqual(floats("fc2.weight"), Array(repeating: -0.75, count: 18))
        XCTAssertEqual(floats("fc2.bias"), [1e-3, 2e-3, 3e-3])
        guard case .counter(let counter) = values["stats.num_batches_tracked"]! else { return XCTFail("not a counter") }
        XCTAssertEqual(counter.value, 938)
    }
}
