import Foundation
import XCTest
import Tensors
@testable import Experiments

/// A data stage for tests: a small linear regression problem in the spec's feature count.
struct TinyRegressionData: Stage {
    let name = "data"
    func run(_ context: RunContext) throws -> [String] {
        let d = context.spec.data.inputShape[0]
        let g = Generator.forStage(name, seed: context.spec.seed)
        func split(_ n: Int) -> SupervisedArrays {
            let x = Tensor(uninitialized: [n, d]), y = Tensor(uninitialized: [n, 1])
            g.fillNormal(x)
            for i in 0..<n { y.data[i] = (0..<d).reduce(0) { $0 + Float($1 + 1) * 0.1 * x[i, $1] } }
            return SupervisedArrays(inputs: x, targets: y)
        }
        return try split(96).write("train", in: context.directory) + split(32).write("validation", in: context.directory)
    }
}

/// A stage that fails once, to interrupt a run between stages.
final class FailingOnce: Stage {
    let name = "after"
    var failed = false
    func run(_ context: RunContext) throws -> [String] {
        if !failed { failed = true; throw RunError.stageFailed(stage: name, reason: "simulated kill") }
        let h = try context.directory.read("train/metrics.csv")
        try context.directory.write(h, to: "tables/copy.csv")
        return ["tables/copy.csv"]
    }
}

final class RunnerTests: XCTestCase {
    var root: URL!
    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("runner-\(UUID().uuidString)")
    }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: root) }

    func spec(_ overrides: [String] = []) throws -> ExperimentSpec {
        var doc = SpecDocument(file: "t.json", root: try JSONValue.parse(Data(#"""
            {"name": "tiny", "study": "time-smoothgrad", "data": {"kind": "ar-states", "features": 3},
             "model": {"kind": "mlp", "hidden": [8]},
             "training": {"epochs": 5, "batchSize": 16, "snapshots": {"every": 2}}}
            """#.utf8)))
        for o in overrides { try doc.set(o) }
        return try ExperimentSpec(doc.reader)
    }

    let environment = RunEnvironment(version: "test", gitCommit: nil, threads: 2)

    func outputs(_ dir: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        let d = RunDirectory(dir)
        for folder in ["data", "train", "checkpoints", "tables"] {
            for path in d.files(under: folder) { result[path] = try d.read(path) }
        }
        result["spec.resolved.json"] = try d.read("spec.resolved.json")
        return result
    }

    func testInterruptedRunsResumeToIdenticalBytes() throws {
        let s = try spec()
        let straight = RunDirectory(root.appendingPathComponent("straight"))
        let stages: () -> [Stage] = { [TinyRegressionData(), TrainingStage(), FailingOnceDone()] }
        XCTAssertEqual(try Runner(spec: s, directory: straight, environment: environment, stages: stages()).run(force: false) { _ in },
                       .ran(["data", "train", "after"]))

        // Killed inside training (after epoch 3, whose checkpoint is not a snapshot), then between stages.
        let resumed = RunDirectory(root.appendingPathComponent("resumed"))
        XCTAssertThrowsError(try Runner(spec: s, directory: resumed, environment: environment,
                                        stages: [TinyRegressionData(), TrainingStage(interruptAfterEpoch: 3)]).run(force: false) { _ in })
        XCTAssertTrue(resumed.exists(RunDirectory.checkpointName(epoch: 2)))
        XCTAssertFalse(resumed.exists(RunDirectory.checkpointName(epoch: 4)))
        let failing = FailingOnce()
        var notes: [String] = []
        XCTAssertThrowsError(try Runner(spec: s, directory: resumed, environment: environment,
                                        stages: [TinyRegressionData(), TrainingStage(), failing]).run(force: false) { e in
            if case .note(let n) = e, n.hasPrefix("resuming") { notes.append(n) }
        })
        XCTAssertEqual(notes, ["resuming after epoch 2 from checkpoints/epoch-0002.safetensors"])
        XCTAssertEqual(try Runner(spec: s, directory: resumed, environment: environment,
                                  stages: [TinyRegressionData(), TrainingStage(), failing]).run(force: false) { _ in }, .ran(["after"]))
        XCTAssertEqual(try outputs(straight.root), try outputs(resumed.root))

        // A finished run does nothing.
        XCTAssertEqual(try Runner(spec: s, directory: resumed, environment: environment, stages: stages()).run(force: false) { _ in },
                       .alreadyComplete)
    }

    func testChangedSpecIsRefusedUnlessForced() throws {
        let dir = RunDirectory(root.appendingPathComponent("run"))
        _ = try Runner(spec: try spec(), directory: dir, environment: environment, stages: [TinyRegressionData()]).run(force: false) { _ in }
        let changed = try spec(["training.epochs=6"])
        XCTAssertThrowsError(try Runner(spec: changed, directory: dir, environment: environment, stages: [TinyRegressionData()]).run(force: false) { _ in }) {
            XCTAssertTrue("\($0)".contains("different spec"), "\($0)")
        }
        XCTAssertEqual(try Runner(spec: changed, directory: dir, environment: environment, stages: [TinyRegressionData()]).run(force: true) { _ in },
                       .ran(["data"]))
        let manifest = try JSONDecoder().decode(Manifest.self, from: try dir.read("manifest.json"))
        XCTAssertEqual(manifest.specHash, SHA256.hex(changed.resolvedJSON))
        XCTAssertEqual(manifest.outputs["data/train-inputs.npy"], try SHA256.hex(file: dir.root.appendingPathComponent("data/train-inputs.npy")))
    }

    /// The run's manifest as a JSON object, edited and written back, as if an earlier run had been elsewhere.
    func editManifest(_ dir: RunDirectory, _ edit: (inout [String: Any]) -> Void) throws {
        var object = try JSONSerialization.jsonObject(with: try dir.read("manifest.json")) as! [String: Any]
        edit(&object)
        try JSONSerialization.data(withJSONObject: object).write(to: dir.manifest)
    }

    /// Changes one field of `numeric` and of every `numericHistory` entry.
    func editNumeric(_ dir: RunDirectory, _ key: String, _ value: Any) throws {
        try editManifest(dir) { object in
            func edited(_ entry: Any) -> [String: Any] {
                var numeric = entry as! [String: Any]
                numeric[key] = value
                return numeric
            }
            object["numeric"] = edited(object["numeric"]!)
            object["numericHistory"] = (object["numericHistory"] as! [Any]).map(edited)
        }
    }

    func testResumeAcceptsAnotherThreadCountCPUAndKernelAndRecordsThem() throws {
        let dir = RunDirectory(root.appendingPathComponent("run"))
        let s = try spec()
        let failing = FailingOnce()
        XCTAssertThrowsError(try Runner(spec: s, directory: dir, environment: environment,
                                        stages: [TinyRegressionData(), TrainingStage(), failing]).run(force: false) { _ in })
        let first = try Manifest.decode(try dir.read("manifest.json"))
        XCTAssertEqual(first.numeric, environment.numeric)
        XCTAssertEqual(first.numericHistory, [environment.numeric])
        // As if the first part had run on another CPU model with the AVX-512 kernel.
        try editNumeric(dir, "cpuModel", "Some Other CPU")
        try editNumeric(dir, "gemmKernel", "avx512")

        let one = RunEnvironment(version: "test", gitCommit: nil, threads: 1)
        XCTAssertEqual(try Runner(spec: s, directory: dir, environment: one,
                                  stages: [TinyRegressionData(), TrainingStage(), failing]).run(force: false) { _ in }, .ran(["after"]))
        let resumed = try Manifest.decode(try dir.read("manifest.json"))
        XCTAssertEqual(resumed.numeric, one.numeric)
        XCTAssertEqual(resumed.threads, 1)
        XCTAssertEqual(resumed.numericHistory?.map(\.cpuModel), ["Some Other CPU", one.numeric.cpuModel])
        XCTAssertEqual(resumed.numericHistory?.map(\.threads), [2, 1])

        // Nothing left to run: the record stays as it was.
        XCTAssertEqual(try Runner(spec: s, directory: dir, environment: environment,
                                  stages: [TinyRegressionData(), TrainingStage(), FailingOnceDone()]).run(force: false) { _ in }, .alreadyComplete)
        XCTAssertEqual(try Manifest.decode(try dir.read("manifest.json")).numericHistory?.count, 2)
    }

    func testResumeIsRefusedUnderAnotherContractNamingTheDifferingPart() throws {
        let dir = RunDirectory(root.appendingPathComponent("run"))
        let s = try spec()
        _ = try Runner(spec: s, directory: dir, environment: environment, stages: [TinyRegressionData()]).run(force: false) { _ in }
        let now = environment.numeric
        let original = try dir.read("manifest.json")
        func refused(_ expected: String, file: StaticString = #filePath, line: UInt = #line) {
            XCTAssertThrowsError(try Runner(spec: s, directory: dir, environment: environment, stages: [TinyRegressionData()]).run(force: false) { _ in },
                                 file: file, line: line) { error in
                let text = "\(error)"
                XCTAssertTrue(text.contains(dir.root.relativePath), text, file: file, line: line)
                XCTAssertTrue(text.contains(expected), text, file: file, line: line)
                guard case RunError.numericContractChanged = error else { return XCTFail("\(error)", file: file, line: line) }
            }
        }
        try editNumeric(dir, "compiler", "Swift 5.10")
        refused("compiler was Swift 5.10, is now \(now.compiler)")

        try original.write(to: dir.manifest)
        try editNumeric(dir, "contract", "driftlab-numeric-0")
        refused("contract was driftlab-numeric-0, is now \(now.contract)")

        try original.write(to: dir.manifest)
        try editNumeric(dir, "architecture", "arm64")
        refused("architecture was arm64, is now \(now.architecture)")

        // A manifest from before the numeric record.
        try original.write(to: dir.manifest)
        try editManifest(dir) { $0["numeric"] = nil; $0["numericHistory"] = nil }
        refused("contract was unknown")

        // --force starts over under the current contract.
        XCTAssertEqual(try Runner(spec: s, directory: dir, environment: environment, stages: [TinyRegressionData()]).run(force: true) { _ in },
                       .ran(["data"]))
        XCTAssertEqual(try Manifest.decode(try dir.read("manifest.json")).numericHistory, [now])
    }

    func testTrainingHistoryRoundTripsAndPicksBestEpoch() throws {
        let h = TrainingHistory(rows: [
            .init(epoch: 1, learningRate: 0.1, trainLoss: 2, validationLoss: 1.5, validationAccuracy: 0.5, lastLayerWeightNorm: 1),
            .init(epoch: 2, learningRate: 0.1, trainLoss: 1, validationLoss: 1.2, validationAccuracy: 0.7, lastLayerWeightNorm: 1.5),
            .init(epoch: 3, learningRate: 0.1, trainLoss: 0.5, validationLoss: 1.2, validationAccuracy: 0.7, lastLayerWeightNorm: 2)])
        XCTAssertEqual(try TrainingHistory(csv: h.csv), h)
        XCTAssertEqual(h.bestEpoch(byAccuracy: false, among: [1, 2, 3]), 2)
        XCTAssertEqual(h.bestEpoch(byAccuracy: true, among: [1, 3]), 3)
    }
}

/// The uninterrupted twin of `FailingOnce`.
struct FailingOnceDone: Stage {
    let name = "after"
    func run(_ context: RunContext) throws -> [String] {
        try context.directory.write(try context.directory.read("train/metrics.csv"), to: "tables/copy.csv")
        return ["tables/copy.csv"]
    }
}
