import Foundation
import XCTest
@testable import Experiments

/// Paper 003's whole pipeline on tiny IDX files in Fashion-MNIST's published format.
final class OvertrainingPipelineTests: XCTestCase {
    var root: URL!
    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("overtraining-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("data"), withIntermediateDirectories: true)
    }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: root) }

    func writeIDX(_ prefix: String, count: Int) throws { try TinyIDX.write(prefix, count: count, in: root.appendingPathComponent("data")) }

    func parsed(_ text: String) throws -> ExperimentSpec {
        try ExperimentSpec(SpecReader(try JSONValue.parse(Data(text.utf8)), file: "t.json"))
    }

    /// Runs `spec` into `directory` with its study's stages.
    func run(_ spec: ExperimentSpec, in directory: RunDirectory) throws -> Runner.Outcome {
        try Runner(spec: spec, directory: directory, environment: RunEnvironment(version: "test", gitCommit: nil, threads: 2),
                   stages: try spec.stages()).run(force: false) { _ in }
    }

    func testRunsEveryStageAndWritesDriftTablesAndFigures() throws {
        try writeIDX("train", count: 80)
        try writeIDX("t10k", count: 40)
        let text = """
            {"name": "tiny-overtraining", "study": "overtraining", "data": {"kind": "fashion-mnist", "directory": "\(root.path)/data", "validationSize": 20},
             "model": {"kind": "mnist-cnn"},
             "training": {"epochs": 3, "batchSize": 20, "optimizer": {"kind": "sgd", "lr": 0.05, "momentum": 0.9},
                          "augmentation": {"padding": 2, "flip": false}},
             "selection": {"correct": 1, "wrong": 1, "ambiguous": 1},
             "attribution": [{"method": "saliency"}, {"method": "grad-cam", "layer": "relu2"}],
             "figures": ["error-curves", "confidence", "heatmap-grid", "drift-curves"]}
            """
        let spec = try parsed(text)
        let dir = RunDirectory(root.appendingPathComponent("run"))
        let outcome = try run(spec, in: dir)
        XCTAssertEqual(outcome, .ran(["data", "train", "select", "attribute", "drift", "tables", "figures"]))
        for path in ["selection/samples.csv", "attributions/epoch-0003/saliency.npy", "attributions/epoch-0001/outputs.csv",
                     "drift/grad-cam.csv", "tables/drift-summary.md", "metrics/test-per-epoch.csv",
                     "figures/fig2-loss-error.png", "figures/fig5-saliency-ssim.png", "figures/fig4-entropy.png"] {
            XCTAssertTrue(dir.exists(path), path)
        }
        let reference = try ReferenceEpoch.read(dir).epoch
        // A map compared with itself: SSIM and Spearman are 1 at the reference epoch.
        let drift = try CSVRows(try dir.read("drift/saliency.csv"), file: "drift/saliency.csv")
        let atReference = (0..<drift.count).filter { (try? drift.double($0, "epoch")) == Double(reference) }
        XCTAssertFalse(atReference.isEmpty)
        for i in atReference {
            XCTAssertEqual(try drift.double(i, "ssim"), 1, accuracy: 1e-6)
            XCTAssertEqual(try drift.double(i, "spearman"), 1, accuracy: 1e-6)
        }
        let maps = try dir.readArray("attributions/epoch-0002/grad-cam.npy")
        XCTAssertEqual(maps.shape.dims, [try SampleSelection(csv: String(decoding: try dir.read("selection/samples.csv"), as: UTF8.self)).samples.count, 1, 28, 28])
    }

    /// `metrics` selects what is computed: with only "ssim", the Spearman cells are empty and
    /// the summary has no Spearman column.
    func testOnlyTheMetricsAskedForAreComputed() throws {
        try writeIDX("train", count: 40)
        try writeIDX("t10k", count: 20)
        let text = """
            {"name": "ssim-only", "study": "overtraining", "data": {"kind": "fashion-mnist", "directory": "\(root.path)/data", "validationSize": 10},
             "model": {"kind": "mnist-cnn"}, "training": {"epochs": 2, "batchSize": 10},
             "selection": {"correct": 1, "wrong": 1, "ambiguous": 0},
             "attribution": [{"method": "saliency"}], "metrics": ["ssim"], "figures": []}
            """
        let spec = try parsed(text)
        let dir = RunDirectory(root.appendingPathComponent("run"))
        _ = try run(spec, in: dir)
        let drift = try CSVRows(try dir.read("drift/saliency.csv"), file: "drift/saliency.csv")
        XCTAssertGreaterThan(drift.count, 0)
        for i in 0..<drift.count {
            XCTAssertNotNil(try drift.optionalDouble(i, "ssim"))
            XCTAssertNil(try drift.optionalDouble(i, "spearman"))
        }
        let summary = String(decoding: try dir.read("tables/drift-summary.csv"), as: UTF8.self)
        XCTAssertTrue(summary.contains("SSIM at epoch 2"), summary)
        XCTAssertFalse(summary.contains("Spearman"), summary)
    }

    /// "faithfulness" in `metrics` adds paper 002's stage: every method and the random control
    /// scored at every snapshot, the table at the reference epoch, both figures.
    func testFaithfulnessScoresEveryMethodAtEverySnapshot() throws {
        try writeIDX("train", count: 40)
        try writeIDX("t10k", count: 20)
        let text = """
            {"name": "faithful", "study": "overtraining", "data": {"kind": "fashion-mnist", "directory": "\(root.path)/data", "validationSize": 10},
             "model": {"kind": "mnist-cnn"}, "training": {"epochs": 2, "batchSize": 10},
             "selection": {"correct": 1, "wrong": 1, "ambiguous": 0},
             "attribution": [{"method": "saliency"}, {"method": "occlusion", "patch": 7}],
             "metrics": ["ssim", "faithfulness"], "faithfulness": {"steps": 4, "removalPatch": 4, "baseline": "dataset-mean"},
             "figures": ["faithfulness-curves", "faithfulness-epochs"]}
            """
        let spec = try parsed(text)
        XCTAssertTrue(String(decoding: spec.resolvedJSON, as: UTF8.self).contains(#""randomSeed": 0"#), "defaults are written")
        let dir = RunDirectory(root.appendingPathComponent("run"))
        let outcome = try run(spec, in: dir)
        XCTAssertEqual(outcome, .ran(["data", "train", "select", "attribute", "drift", "faithfulness", "tables", "figures"]))
        let all = try FaithfulnessArtifacts.all.read(in: dir)
        XCTAssertEqual(all.count, 2 * 3, "2 epochs × (2 methods + the random control)")
        for r in 0..<all.count {
            let deletion = try all.double(r, "deletion_auc"), insertion = try all.double(r, "insertion_auc")
            XCTAssertTrue((0...1).contains(deletion) && (0...1).contains(insertion), "AUCs are areas under probabilities")
        }
        let table = String(decoding: try dir.read("tables/faithfulness.md"), as: UTF8.self)
        XCTAssertTrue(table.contains("random") && table.contains("occlusion") && table.contains("saliency"), table)
        for figure in ["faithfulness-deletion-curves", "faithfulness-insertion-curves", "faithfulness-deletion-auc-epochs"] {
            XCTAssertTrue(dir.exists("figures/\(figure).png"), figure)
        }
        // Resumed: nothing is recomputed, nothing changes.
        let before = try String(decoding: dir.read(FaithfulnessArtifacts.all.path), as: UTF8.self)
        XCTAssertEqual(try run(spec, in: dir), .alreadyComplete)
        XCTAssertEqual(try String(decoding: dir.read(FaithfulnessArtifacts.all.path), as: UTF8.self), before)
    }

    func testMissingDataNamesTheFiles() throws {
        let text = #"{"name": "x", "study": "overtraining", "data": {"kind": "cifar10", "directory": "/nonexistent/cifar"}, "model": {"kind": "resnet18", "width": 2}}"#
        let spec = try parsed(text)
        XCTAssertThrowsError(try run(spec, in: RunDirectory(root.appendingPathComponent("r")))) {
            XCTAssertTrue("\($0)".contains("data_batch_1.bin"), "\($0)")
        }
    }
}
