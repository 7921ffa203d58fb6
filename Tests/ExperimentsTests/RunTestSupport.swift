import Foundation
import XCTest
import Tensors
@testable import Experiments

/// A temporary run root per test, the tiny regression spec and a runner that collects notes:
/// what the Runner, RunLock and TrainingStage tests share.
class RunTestCase: XCTestCase {
    var root: URL!
    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("run-\(UUID().uuidString)")
    }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: root) }

    let runEnvironment = RunEnvironment(version: "test", gitCommit: nil, threads: 2)
    func tinySpec(_ overrides: [String] = []) throws -> ExperimentSpec { try TinySpec.make(overrides) }

    /// The progress notes of a run, collected.
    final class Notes { var list: [String] = [] }

    func run(_ s: ExperimentSpec, _ dir: RunDirectory, _ stages: [Stage], force: Bool = false,
             notes: Notes? = nil) throws -> Runner.Outcome {
        try Runner(spec: s, directory: dir, environment: runEnvironment, stages: stages).run(force: force) { event in
            if case .note(let n) = event { notes?.list.append(n) }
        }
    }

    func write(_ text: String, _ relative: String, in dir: URL) throws {
        let url = dir.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    /// The manifest's output hashes of a run.
    func outputHashes(_ dir: RunDirectory) throws -> [String: String] {
        try Manifest.decode(try dir.read("manifest.json")).outputs
    }

    /// Flips two bytes near the end of a file (in the tensor data of a checkpoint or .npy).
    func damage(_ url: URL) throws {
        var bytes = [UInt8](try Data(contentsOf: url))
        bytes[bytes.count - 12] ^= 0x5A
        bytes[bytes.count - 11] ^= 0xA5
        try Data(bytes).write(to: url)
    }
}


/// The tiny regression spec the runner tests share: 3 features, MLP 8, 5 epochs, snapshots
/// every 2, no figures (the study's default would draw three).
enum TinySpec {
    static func make(_ overrides: [String] = []) throws -> ExperimentSpec {
        var doc = SpecDocument(file: "t.json", root: try JSONValue.parse(Data(#"""
            {"name": "tiny", "study": "time-smoothgrad", "data": {"kind": "ar-states", "features": 3},
             "model": {"kind": "mlp", "hidden": [8]},
             "training": {"epochs": 5, "batchSize": 16, "snapshots": {"every": 2}}, "figures": []}
            """#.utf8)))
        for o in overrides { try doc.set(o) }
        return try ExperimentSpec(doc.reader)
    }
}
