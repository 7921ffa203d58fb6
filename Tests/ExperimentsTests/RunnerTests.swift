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

    func spec(_ overrides: [String] = []) throws -> ExperimentSpec { try TinySpec.make(overrides) }

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

/// What `--force` may remove, damaged manifests and outputs, and temporary files on resume.
final class RunnerFolderSafetyTests: RunTestCase {
    /// `--out . --force` used to delete the current directory: a folder that is not a driftlab
    /// run is refused, naming it, and every file in it survives.
    func testForceRefusesAFolderThatIsNotARunAndItsFilesSurvive() throws {
        try write("my thesis", "thesis.tex", in: root)
        try write("x", "figures/plot.png", in: root)
        let dir = RunDirectory(root)
        XCTAssertThrowsError(try run(try tinySpec(), dir, [TinyRegressionData()], force: true)) { error in
            guard case RunError.notARunFolder = error else { return XCTFail("\(error)") }
            XCTAssertTrue("\(error)".contains(root.relativePath), "\(error)")
            XCTAssertTrue("\(error)".contains("nothing was removed"), "\(error)")
        }
        XCTAssertEqual(try String(contentsOf: root.appendingPathComponent("thesis.tex"), encoding: .utf8), "my thesis")
        XCTAssertTrue(dir.exists("figures/plot.png"))
        XCTAssertFalse(dir.exists("manifest.json"))
        // A manifest.json that is not driftlab's does not make it a run either.
        try write(#"{"hello": 1}"#, "manifest.json", in: root)
        XCTAssertThrowsError(try run(try tinySpec(), dir, [TinyRegressionData()], force: true)) {
            XCTAssertTrue("\($0)".contains("does not decode as a driftlab manifest"), "\($0)")
        }
        XCTAssertTrue(dir.exists("thesis.tex"))
    }

    /// A real run folder is cleared, but only of what driftlab wrote: a user's file in it stays,
    /// and so does the folder holding it; the stale checkpoints of an unfinished training go.
    func testForceClearsARunFolderOfDriftlabsFilesOnly() throws {
        let dir = RunDirectory(root)
        let s = try tinySpec()
        XCTAssertThrowsError(try run(s, dir, [TinyRegressionData(), TrainingStage(interruptAfterEpoch: 3)]))
        XCTAssertTrue(dir.exists(RunDirectory.checkpointName(epoch: 2)))  // written, not yet in the manifest
        try write("keep me", "figures/notes.txt", in: root)
        try write("keep me too", "README.txt", in: root)

        let changed = try tinySpec(["training.epochs=6"])
        XCTAssertEqual(try run(changed, dir, [TinyRegressionData()], force: true), .ran(["data"]))
        XCTAssertTrue(dir.exists("figures/notes.txt"))
        XCTAssertTrue(dir.exists("README.txt"))
        XCTAssertFalse(dir.exists("checkpoints"), "stale checkpoints of the old spec must go")
        XCTAssertFalse(dir.exists("train"))
        let manifest = try Manifest.decode(try dir.read("manifest.json"))
        XCTAssertEqual(manifest.specHash, SHA256.hex(changed.resolvedJSON))
        XCTAssertEqual(Set(manifest.outputs.keys), Set(dir.files(under: "data")))
    }

    func testForceIntoAMissingOrEmptyFolderIsFine() throws {
        let missing = RunDirectory(root.appendingPathComponent("a/b"))
        XCTAssertEqual(try run(try tinySpec(), missing, [TinyRegressionData()], force: true), .ran(["data"]))
        let empty = RunDirectory(root.appendingPathComponent("empty"))
        try FileManager.default.createDirectory(at: empty.root, withIntermediateDirectories: true)
        XCTAssertEqual(try run(try tinySpec(), empty, [TinyRegressionData()], force: true), .ran(["data"]))
    }

    /// Without --force, a manifest.json that does not decode is refused rather than overwritten.
    func testDamagedManifestIsRefused() throws {
        let dir = RunDirectory(root)
        _ = try run(try tinySpec(), dir, [TinyRegressionData()])
        try Data("{\"specHash\": tru".utf8).write(to: dir.manifest)
        XCTAssertThrowsError(try run(try tinySpec(), dir, [TinyRegressionData()])) { error in
            guard case RunError.damagedManifest = error else { return XCTFail("\(error)") }
            XCTAssertTrue("\(error)".contains("manifest.json does not decode"), "\(error)")
        }
    }

    /// A finished run whose output changed since: reported, and rewritten by running its stage
    /// again; training, built on the bytes the data stage writes again, is not redone.
    func testDamagedOutputOfAFinishedRunIsReportedAndRewritten() throws {
        let s = try tinySpec()
        let dir = RunDirectory(root)
        _ = try run(s, dir, [TinyRegressionData(), TrainingStage()])
        let before = try outputHashes(dir)
        try damage(root.appendingPathComponent("data/train-inputs.npy"))
        let notes = Notes()
        XCTAssertEqual(try run(s, dir, [TinyRegressionData(), TrainingStage()], notes: notes), .ran(["data"]))
        XCTAssertTrue(notes.list.contains { $0.hasPrefix("data/train-inputs.npy is damaged") }, "\(notes.list)")
        XCTAssertEqual(try outputHashes(dir), before)
        XCTAssertEqual(try SHA256.hex(file: root.appendingPathComponent("data/train-inputs.npy")), before["data/train-inputs.npy"])
    }

    /// A stage run again that writes other bytes than it recorded makes the later stages run again.
    func testLaterStagesRunAgainWhenARewrittenOutputChanged() throws {
        struct Changing: Stage {
            let name = "data"
            func run(_ context: RunContext) throws -> [String] {
                try context.directory.write(UUID().uuidString, to: "data/x.txt")
                return ["data/x.txt"]
            }
        }
        struct After: Stage {
            let name = "after"
            func run(_ context: RunContext) throws -> [String] {
                try context.directory.write(try context.directory.read("data/x.txt"), to: "tables/copy.txt")
                return ["tables/copy.txt"]
            }
        }
        let dir = RunDirectory(root)
        XCTAssertEqual(try run(try tinySpec(), dir, [Changing(), After()]), .ran(["data", "after"]))
        try write("edited", "data/x.txt", in: root)
        XCTAssertEqual(try run(try tinySpec(), dir, [Changing(), After()]), .ran(["data", "after"]))
        XCTAssertEqual(try dir.read("tables/copy.txt"), try dir.read("data/x.txt"))
    }

    /// Temporary files of interrupted writes are removed when the run resumes, and counted.
    func testTemporaryFilesOfInterruptedWritesAreRemovedOnResume() throws {
        let s = try tinySpec()
        let dir = RunDirectory(root)
        XCTAssertThrowsError(try run(s, dir, [TinyRegressionData(), TrainingStage(interruptAfterEpoch: 3)]))
        try write("half", "checkpoints/.epoch-0004.safetensors.tmp-4242", in: root)
        try write("half", "figures/.loss.png.0D5C-UUID.tmp", in: root)
        try write("mine", "figures/.hidden-but-mine", in: root)
        let notes = Notes()
        _ = try run(s, dir, [TinyRegressionData(), TrainingStage()], notes: notes)
        XCTAssertTrue(notes.list.contains("removed 2 temporary files of interrupted writes: "
                                     + "checkpoints/.epoch-0004.safetensors.tmp-4242, figures/.loss.png.0D5C-UUID.tmp"), "\(notes.list)")
        XCTAssertFalse(dir.exists("checkpoints/.epoch-0004.safetensors.tmp-4242"))
        XCTAssertTrue(dir.exists("figures/.hidden-but-mine"))
    }

    /// Foundation's own temporary file (".dat.nosyncXXXX"), which AtomicFile created its temporary
    /// file through, was left by 2 of 200 crash-test kills and not removed on resume.
    func testFoundationsTemporaryFilesAreRemovedOnResume() throws {
        let s = try tinySpec()
        let dir = RunDirectory(root)
        XCTAssertThrowsError(try run(s, dir, [TinyRegressionData(), TrainingStage(interruptAfterEpoch: 3)]))
        try write("", "train/.dat.nosync3F3.OOTOKd", in: root)
        let notes = Notes()
        _ = try run(s, dir, [TinyRegressionData(), TrainingStage()], notes: notes)
        XCTAssertFalse(dir.exists("train/.dat.nosync3F3.OOTOKd"))
        XCTAssertTrue(notes.list.contains("removed 1 temporary file of interrupted writes: train/.dat.nosync3F3.OOTOKd"), "\(notes.list)")
    }

    /// Without --force, a run into a folder holding someone else's files used to write itself
    /// in among them; it is refused, naming the folder, and not even the lock file is added.
    func testRunRefusesANonEmptyFolderThatIsNotARunAndWritesNothing() throws {
        try write("my thesis", "thesis.tex", in: root)
        let dir = RunDirectory(root)
        XCTAssertThrowsError(try run(try tinySpec(), dir, [TinyRegressionData()])) { error in
            guard case RunError.notEmpty = error else { return XCTFail("\(error)") }
            XCTAssertTrue("\(error)".contains(root.relativePath), "\(error)")
            XCTAssertTrue("\(error)".contains("nothing was written"), "\(error)")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: root.path), ["thesis.tex"])
    }

    /// A run killed before its first manifest leaves the lock, spec.resolved.json and the
    /// manifest's temporary file: running again there is a resume, not a foreign folder, and
    /// the temporary file goes (the crash test found it left behind).
    func testFolderOfARunKilledBeforeItsFirstManifestResumes() throws {
        try write("", ".lock", in: root)
        try write("{}", "spec.resolved.json", in: root)
        try write("{\"spec", ".manifest.json.tmp-4242", in: root)
        let notes = Notes()
        XCTAssertEqual(try run(try tinySpec(), RunDirectory(root), [TinyRegressionData()], notes: notes), .ran(["data"]))
        XCTAssertFalse(RunDirectory(root).exists(".manifest.json.tmp-4242"))
        XCTAssertTrue(notes.list.contains("removed 1 temporary file of interrupted writes: .manifest.json.tmp-4242"), "\(notes.list)")
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
