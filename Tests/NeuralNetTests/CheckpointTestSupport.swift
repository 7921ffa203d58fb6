import Foundation
import XCTest
import Tensors
@testable import NeuralNet

extension XCTestCase {
    /// A fresh folder removed when the test ends.
    func makeTemporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("driftlab-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir
    }

    /// The CheckpointError a throwing call raises, or a failure if it raises none or another kind.
    func checkpointError(_ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line) -> CheckpointError? {
        do {
            try body()
            XCTFail("no error thrown", file: file, line: line)
        } catch let error as CheckpointError {
            return error
        } catch {
            XCTFail("unexpected error \(error)", file: file, line: line)
        }
        return nil
    }
}

/// Runs `python3 -c` scripts for the interoperability tests.
enum Python {
    struct Failure: Error, CustomStringConvertible { let description: String }

    /// Skips the calling test when Python's safetensors (with NumPy) is not installed.
    static func requireSafetensors() throws {
        do {
            _ = try run("import safetensors.numpy, numpy")
        } catch {
            throw XCTSkip("python3 with safetensors and numpy is not available: \(error)")
        }
    }

    /// Standard output of the script; throws with standard error when it exits non-zero.
    /// Standard error goes to a file so a chatty script cannot fill a pipe and block.
    @discardableResult
    static func run(_ script: String, _ arguments: [String] = []) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let output = Pipe()
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("python-stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let errorHandle = try FileHandle(forWritingTo: errorFile)
        process.standardOutput = output
        process.standardError = errorHandle
        try process.run()
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try errorHandle.close()
        guard process.terminationStatus == 0 else {
            let stderr = (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
            throw Failure(description: "python3 exited with \(process.terminationStatus): \(stderr)")
        }
        return String(decoding: stdout, as: UTF8.self)
    }
}

/// A test-only layer with a buffer and a counter, shaped like BatchNorm's non-parameter state.
final class StatisticsLayer: Layer {
    let runningMean: Tensor
    let batches = Counter()
    init(_ features: Int) { runningMean = Tensor(zeros: [features]) }
    var state: [(name: String, entry: StateEntry)] {
        [("running_mean", .buffer(runningMean)), ("num_batches_tracked", .counter(batches))]
    }
    func outputShape(for input: Shape) -> Shape { input }
    func forward(_ input: Tensor, _ context: ForwardContext) -> Tensor { input }
    func backward(_ dOutput: Tensor, _ options: BackwardOptions) -> Tensor { dOutput }
}

/// Momentum-like slots for every parameter, restored with the checks a real optimizer makes.
final class FakeOptimizer: Optimizer {
    struct RestoreError: Error { let message: String }
    var buffers: [(name: String, tensor: Tensor)] = []
    var steps = 0

    init(parameters: [(name: String, parameter: Parameter)], seed: UInt64) {
        buffers = parameters.map { ($0.name + ".momentum_buffer", randomTensor($0.parameter.shape, seed: seed)) }
    }
    func step(_ parameters: [(name: String, parameter: Parameter)], learningRate: Float) { steps += 1 }
    var slots: [(name: String, tensor: Tensor)] { buffers }
    func restore(slots: [String: Tensor], steps: Int, parameters: [(name: String, parameter: Parameter)]) throws {
        for (name, tensor) in buffers {
            guard let saved = slots[name] else { throw RestoreError(message: "missing slot \(name)") }
            guard saved.shape == tensor.shape else { throw RestoreError(message: "slot \(name) has shape \(saved.shape)") }
            tensor.data.update(from: saved.data, count: tensor.count)
        }
        self.steps = steps
    }
}

/// fc1 → relu → stats → fc2, with PyTorch names "fc1.weight", "stats.num_batches_tracked", …
func makeTinyNetwork(seed: UInt64) -> Network {
    let g = Generator(seed: seed)
    let root = Sequential([
        ("fc1", Linear(4, 6, generator: g)), ("relu", ReLU()),
        ("stats", StatisticsLayer(6)), ("fc2", Linear(6, 3, generator: g)),
    ])
    return Network(kind: "tiny", root: root, inputShape: [4])
}

/// Every state entry's values as bit patterns (counters as their value), for exact comparisons.
func stateBits(_ network: Network) -> [String: [UInt64]] {
    var result: [String: [UInt64]] = [:]
    for (name, entry) in network.state {
        switch entry {
        case .parameter(let p): result[name] = p.value.array.map { UInt64($0.bitPattern) }
        case .buffer(let t): result[name] = t.array.map { UInt64($0.bitPattern) }
        case .counter(let c): result[name] = [UInt64(bitPattern: c.value)]
        }
    }
    return result
}
