import Foundation
import NeuralNet
import XCTest
@testable import Experiments

/// `checkpoints` (`driftlab analyse`): a drift study over per-epoch checkpoints made elsewhere.
/// The checkpoints here are a driftlab training's, stripped to what a PyTorch `state_dict` saved
/// with safetensors holds (model tensors under PyTorch's names, no metadata), renamed as a
/// PyTorch script would name them; analysing them must give the trained run's drift exactly.
final class CheckpointImportTests: RunTestCase {
    override func setUpWithError() throws {
        try super.setUpWithError()
        try FileManager.default.createDirectory(at: root.appendingPathComponent("data"), withIntermediateDirectories: true)
        try TinyIDX.write("train", count: 60, in: root.appendingPathComponent("data"))
        try TinyIDX.write("t10k", count: 30, in: root.appendingPathComponent("data"))
    }

    func spec(_ extra: String = "") throws -> ExperimentSpec {
        let text = """
            {"name": "tiny", "study": "overtraining", "data": {"kind": "fashion-mnist", "directory": "\(root.path)/data", "validationSize": 20},
             "model": {"kind": "mnist-cnn"}, "training": {"epochs": 3, "batchSize": 20, "optimizer": {"kind": "sgd", "lr": 0.05}},
             "selection": {"correct": 1, "wrong": 1, "ambiguous": 1},
             "attribution": [{"method": "saliency"}, {"method": "grad-cam", "layer": "relu2"}],
             "figures": ["error-curves", "drift-curves"]\(extra)}
            """
        return try ExperimentSpec(SpecReader(try JSONValue.parse(Data(text.utf8)), file: "t.json"))
    }

    func run(_ spec: ExperimentSpec, in folder: String) throws -> (Runner.Outcome, RunDirectory) {
        let dir = RunDirectory(root.appendingPathComponent(folder))
        return (try run(spec, dir, try spec.stages()), dir)
    }

    /// The trained run's checkpoints as a PyTorch script leaves them: `ckpts/model_epoch_N.safetensors`.
    func exportStateDicts(of trained: RunDirectory, epochs: [Int]) throws -> URL {
        let folder = root.appendingPathComponent("ckpts")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for e in epochs {
            let file = try SafetensorsFile.read(from: trained.root.appendingPathComponent(RunDirectory.checkpointName(epoch: e)))
            let model = file.tensors.filter { !$0.key.hasPrefix("optimizer.") && !$0.key.hasPrefix("generator.") }
            try SafetensorsFile(tensors: model, metadata: [:]).write(to: folder.appendingPathComponent("model_epoch_\(e).safetensors"))
        }
        return folder
    }

    func testAnalysingExportedCheckpointsReproducesTheTrainedRunsDrift() throws {
        let (_, trained) = try run(try spec(), in: "trained")
        let folder = try exportStateDicts(of: trained, epochs: [1, 2, 3])
        let imported = try spec(#", "checkpoints": {"folder": "\#(folder.path)"}"#)
        XCTAssertEqual(imported.importedCheckpoints?.snapshots.map(\.file),
                       ["model_epoch_1.safetensors", "model_epoch_2.safetensors", "model_epoch_3.safetensors"])
        let (outcome, analysed) = try run(imported, in: "analysed")
        XCTAssertEqual(outcome, .ran(["data", "import", "select", "attribute", "drift", "tables", "figures"]))
        // Same weights, same data, same evaluation: the same reference, selection, maps and drift, byte for byte.
        for path in [ReferenceEpoch.path, "selection/samples.csv", "attributions/epoch-0002/saliency.npy",
                     "attributions/epoch-0003/grad-cam.npy", "drift/saliency.csv", "drift/grad-cam.csv", "tables/drift-summary.csv"] {
            XCTAssertEqual(try analysed.read(path), try trained.read(path), path)
        }
        let ours = try TrainingHistory(in: analysed), theirs = try TrainingHistory(in: trained)
        XCTAssertEqual(ours.rows.map(\.validationLoss), theirs.rows.map(\.validationLoss))
        XCTAssertEqual(ours.rows.map(\.lastLayerWeightNorm), theirs.rows.map(\.lastLayerWeightNorm))
        XCTAssertTrue(ours.rows.allSatisfy { $0.trainLoss.isNaN && $0.learningRate.isNaN })
        XCTAssertTrue(analysed.exists("figures/fig2-loss-error.png"))
        // Which file became which epoch, with the sha256 of the file as it was read.
        let sources = try CheckpointImportStage.sources.read(in: analysed)
        XCTAssertEqual(try (0..<sources.count).map { try sources.int($0, "epoch") }, [1, 2, 3])
        XCTAssertEqual(try sources.string(1, "sha256"), try SHA256.hex(file: folder.appendingPathComponent("model_epoch_2.safetensors")))
        // The resolved spec lists the snapshots; reading it back gives the same spec, and the run is complete.
        let resolved = try ExperimentSpec(SpecReader(try JSONValue.parse(imported.resolvedJSON), file: "resolved.json"))
        XCTAssertEqual(resolved.resolvedJSON, imported.resolvedJSON)
        XCTAssertEqual(try run(imported, in: "analysed").0, .alreadyComplete)
    }

    func testSnapshotsListedByHandChooseFilesAndEpochs() throws {
        let (_, trained) = try run(try spec(), in: "trained")
        let folder = try exportStateDicts(of: trained, epochs: [1, 3])
        let imported = try spec(#"""
            , "reference": {"epoch": 30}, "checkpoints": {"folder": "\#(folder.path)", "evaluateTraining": true,
               "snapshots": [{"epoch": 30, "file": "model_epoch_3.safetensors"}, {"epoch": 10, "file": "model_epoch_1.safetensors"}]}
            """#)
        XCTAssertEqual(imported.importedCheckpoints?.epochs, [10, 30])
        let (_, analysed) = try run(imported, in: "analysed")
        XCTAssertTrue(analysed.exists("attributions/epoch-0030/saliency.npy"))
        XCTAssertEqual(try ReferenceEpoch.read(analysed).epoch, 30)
        // evaluateTraining: the training split's loss of each snapshot, a finite number.
        XCTAssertTrue(try TrainingHistory(in: analysed).rows.allSatisfy { $0.trainLoss.isFinite })
    }

    /// Spec-time errors name the JSON path; a checkpoint that does not fit the model is named at run time.
    func testBadFoldersAndFilesAreNamed() throws {
        func specError(_ checkpoints: String) -> SpecError? {
            do { _ = try spec(", \"checkpoints\": " + checkpoints); return nil } catch { return error as? SpecError }
        }
        XCTAssertEqual(specError(#"{"folder": "\#(root.path)/nowhere"}"#)?.path, "checkpoints.folder")
        XCTAssertEqual(specError(#"{"folder": "\#(root.path)/data"}"#)?.path, "checkpoints.folder")  // no .safetensors in it
        let folder = root.appendingPathComponent("odd")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try SafetensorsFile(tensors: [:], metadata: [:]).write(to: folder.appendingPathComponent("final.safetensors"))
        let noEpoch = specError(#"{"folder": "\#(folder.path)"}"#)
        XCTAssertEqual(noEpoch?.path, "checkpoints.folder")
        XCTAssertTrue(noEpoch?.description.contains("final.safetensors") ?? false)
        XCTAssertEqual(specError(#"{"folder": "\#(folder.path)", "snapshots": [{"epoch": 1, "file": "missing.safetensors"}]}"#)?.path,
                       "checkpoints.snapshots[0].file")
        XCTAssertEqual(specError(#"{"folder": "\#(folder.path)", "snapshots": [{"epoch": 1, "file": "final.safetensors"}, {"epoch": 1, "file": "final.safetensors"}]}"#)?.path,
                       "checkpoints.snapshots")
        XCTAssertThrowsError(try spec(#", "reference": {"epoch": 4}, "checkpoints": {"folder": "\#(folder.path)", "snapshots": [{"epoch": 1, "file": "final.safetensors"}]}"#)) {
            XCTAssertEqual(($0 as? SpecError)?.path, "reference.epoch")
        }
        // An empty state dict is missing every tensor of the model: the run stops naming the file.
        let imported = try spec(#", "checkpoints": {"folder": "\#(folder.path)", "snapshots": [{"epoch": 1, "file": "final.safetensors"}]}"#)
        XCTAssertThrowsError(try run(imported, in: "analysed")) { error in
            XCTAssertTrue(error is CheckpointError, "\(error)")
            XCTAssertTrue("\(error)".contains("final.safetensors") && "\(error)".contains("missing tensor"), "\(error)")
        }
    }

    func testTheEpochIsTheLastNumberOfTheName() {
        let rows: [(String, Int?)] = [("epoch_12.safetensors", 12), ("model-e3.safetensors", 3), ("epoch-0003.safetensors", 3),
                                      ("resnet18_run2_epoch7.safetensors", 7), ("final.safetensors", nil)]
        for (name, epoch) in rows { XCTAssertEqual(ImportedCheckpointsSpec.epochInName(name), epoch, name) }
    }
}
