import Foundation
import XCTest
import NeuralNet
import Tensors
@testable import Experiments

/// SGD data cleansing's whole pipeline on tiny IDX files in Fashion-MNIST's format (class k a
/// bright band in rows 3k…3k+2, so a flipped label contradicts its image plainly), and what its
/// files must say: the flips as declared, a trajectory that replays to the recorded model,
/// flipped labels ranked harmful well above the random rate, the table beside the rows.
final class DataCleansingPipelineTests: XCTestCase {
    var root: URL!
    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("cleansing-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("data"), withIntermediateDirectories: true)
    }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: root) }

    func spec() throws -> ExperimentSpec {
        let text = """
            {"name": "tiny-cleansing", "study": "data-cleansing",
             "data": {"kind": "fashion-mnist", "directory": "\(root.path)/data", "validationSize": 40, "testSubset": 60},
             "model": {"kind": "mlp", "hidden": [16]},
             "training": {"epochs": 3, "batchSize": 16, "optimizer": {"kind": "sgd", "lr": 0.05, "momentum": 0}},
             "cleansing": {"flipFraction": 0.2, "removals": [32], "randomDraws": 2, "harmfulImages": 4, "influenceFunction": true}}
            """
        return try ExperimentSpec(SpecReader(try JSONValue.parse(Data(text.utf8)), file: "t.json"))
    }

    func testRunsEveryStageAndFindsTheFlippedLabels() throws {
        try TinyIDX.write("train", count: 200, in: root.appendingPathComponent("data"))
        try TinyIDX.write("t10k", count: 60, in: root.appendingPathComponent("data"))
        let spec = try spec()
        let dir = RunDirectory(root.appendingPathComponent("run"))
        let outcome = try Runner(spec: spec, directory: dir, environment: RunEnvironment(version: "test", gitCommit: nil, threads: 2),
                                 stages: try spec.stages()).run(force: false) { _ in }
        XCTAssertEqual(outcome, .ran(["data", "noise", "train", "influence", "retrain", "tables", "figures"]))
        XCTAssertTrue(dir.exists("figures/harmful-images.png"))

        // 20 % of the 160 training rows flipped, each to another class; nothing else changed.
        let published = try dir.readArray(SupervisedArrays.paths("train").targets)
        let given = try DataCleansingArtifacts.givenLabels.read(in: dir)
        let flipped = try DataCleansingArtifacts.flipped.read(in: dir)
        XCTAssertEqual(flipped.count, 32)
        let flippedRows = Set(try (0..<flipped.count).map { try flipped.int($0, "row") })
        for row in 0..<published.count {
            XCTAssertEqual(given.data[row] != published.data[row], flippedRows.contains(row), "row \(row)")
        }

        // The recorded trajectory replays from its files to the recorded final model.
        let network = TrajectoryTrainingStage.start(spec).network
        let trajectory = try TrajectoryFiles.read(network, epochs: 3, in: dir)
        XCTAssertEqual(trajectory.steps.count, 3 * 10)
        _ = TrajectoryTrainingStage.sgd(spec).replay(network, trajectory, epoch: 3, on: try LabeledExamples.noisyTraining(in: dir))
        XCTAssertEqual(network.parameterVector(), trajectory.final)

        // The 32 most harmful hold far more flipped labels than 32 random rows (20 %).
        let retrained = try DataCleansingArtifacts.retrained.read(in: dir)
        var precision: [String: [Double]] = [:], accuracy: [String: Double] = [:]
        for i in 0..<retrained.count {
            precision[try retrained.string(i, "removal"), default: []].append(try retrained.double(i, "precision"))
            accuracy[try retrained.string(i, "removal")] = try retrained.double(i, "test_accuracy")
        }
        XCTAssertEqual(precision["random"]?.count, 2)
        XCTAssertEqual(precision["influence-function"]?.count, 1, "the influence-function ranking removed and retrained too")
        XCTAssertEqual(try DataCleansingArtifacts.influenceFunction.read(in: dir).count, 160)
        XCTAssertGreaterThanOrEqual(precision["harmful"]![0], 0.5, "flipped labels among the most harmful")
        XCTAssertEqual(precision["flipped"], [1])

        // The table: accuracy before (the model as trained) beside after, per removal.
        let table = try CSVRows(try dir.read("tables/data-cleansing.csv"), file: "data-cleansing.csv")
        let harmful = try XCTUnwrap((0..<table.count).first { (try? table.string($0, "removed")) == "most harmful" })
        XCTAssertEqual(try table.string(harmful, "test accuracy before"), String(format: "%.1f %%", 100 * accuracy["none"]!))
        XCTAssertEqual(try table.string(harmful, "test accuracy after"), String(format: "%.1f %%", 100 * accuracy["harmful"]!))
    }

    func testRefusesMomentumAndAugmentation() {
        func message(_ training: String) -> String {
            let text = """
                {"name": "t", "study": "data-cleansing", "data": {"kind": "fashion-mnist"}, "model": {"kind": "mlp"}, "training": \(training)}
                """
            do { _ = try ExperimentSpec(SpecReader(try JSONValue.parse(Data(text.utf8)), file: "x.json")); return "accepted" } catch { return "\(error)" }
        }
        XCTAssertEqual(message(#"{"optimizer": {"kind": "sgd", "lr": 0.1, "momentum": 0.9}}"#),
                       #"x.json: training.optimizer.momentum: study "data-cleansing" traces plain SGD back: momentum must be 0"#)
        XCTAssertEqual(message(#"{"optimizer": {"kind": "adam", "lr": 0.1}}"#),
                       #"x.json: training.optimizer.kind: study "data-cleansing" traces plain SGD back; use "sgd""#)
        XCTAssertEqual(message(#"{"optimizer": {"kind": "sgd", "lr": 0.1, "momentum": 0}, "augmentation": {"padding": 2, "flip": true}}"#),
                       #"x.json: training.augmentation: study "data-cleansing" needs each instance unchanged: no augmentation"#)
    }
}
