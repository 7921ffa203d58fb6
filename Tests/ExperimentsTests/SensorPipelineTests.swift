import Foundation
import XCTest
@testable import Experiments

/// Paper 004 end to end: synthetic files in DSADS format, the real loader, g, 30 Hz windows,
/// subject split, one SFHF-CNN per seed, macro-F1, activation maximization of every unit,
/// S_sim and the figures.
final class SensorPipelineTests: XCTestCase {
    let text = #"""
        {"name": "har", "study": "activation-maximization", "seeds": [0, 1],
         "data": {"kind": "synthetic-har", "activities": 3, "subjects": 5, "seconds": 10},
         "model": {"kind": "sfhf-cnn", "filters": 8, "hidden": 16},
         "training": {"epochs": 4, "batchSize": 32, "optimizer": {"kind": "adam", "lr": 0.003}},
         "activationMaximization": {"units": 6, "steps": 60, "variants": ["l2+tv", "l2+tv+eap+clip"], "nearest": 5,
                                    "atlasIterations": 100}}
        """#

    func testSyntheticHARRunsEveryStageForEverySeed() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("sensors-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let spec = try ExperimentSpec(SpecReader(try JSONValue.parse(Data(text.utf8)), file: "t.json"))
        XCTAssertEqual(spec.data.inputShape, [6, 30])
        guard case .sensors(let s) = spec.data else { return XCTFail("not a sensor spec") }
        XCTAssertEqual(s.trainSubjects, [1, 2])
        XCTAssertEqual(s.validationSubjects, [3])
        XCTAssertEqual(s.testSubjects, [4, 5])
        let dir = RunDirectory(root)
        let runner = Runner(spec: spec, directory: dir, environment: RunEnvironment(version: "test", gitCommit: nil, threads: 2),
                            stages: try spec.stages())
        XCTAssertEqual(try runner.run(force: false) { _ in },
                       .ran(["data", "train", "metrics", "maximize", "similarity", "figures"]))

        // Inputs stay in g (normalization "none"): gravity's share keeps |x| near 1 somewhere.
        let inputs = try dir.readArray("data/train-inputs.npy")
        XCTAssertEqual(inputs.shape.dims.dropFirst(), [6, 30])
        XCTAssertGreaterThan(inputs.array.map(abs).max()!, 0.5)

        // One model, one row per seed; the table carries mean ± σ.
        let scores = try CSVRows(try dir.read("metrics/classification.csv"), file: "metrics/classification.csv")
        XCTAssertEqual(scores.count, 2)
        for row in 0..<2 { XCTAssertGreaterThan(try scores.double(row, "macro_f1"), 0.5) }  // chance is 1/3
        XCTAssertTrue(dir.exists("seeds/seed-1/checkpoints/epoch-0004.safetensors"))
        XCTAssertTrue(String(decoding: try dir.read("tables/f1.md"), as: UTF8.self).contains("mean ± σ of 2"))

        // Seeds × layers × variants rows; every unit's signal has 30 points.
        let similarity = try CSVRows(try dir.read("metrics/similarity.csv"), file: "metrics/similarity.csv")
        XCTAssertEqual(similarity.count, 2 * 3 * 2)
        let signals = try dir.readArray("am/seed-0/conv2/l2-tv-eap-clip-signals.npy")
        XCTAssertEqual(signals.shape[1], 30)
        let maps = try dir.readArray("am/seed-0/conv3/l2-tv-activations.npy")
        XCTAssertEqual(maps.shape[1], 30 - 12)
        let units = try CSVRows(try dir.read("am/seed-0/conv2/l2-tv-eap-clip-units.csv"), file: "units.csv")
        XCTAssertEqual(units.count, signals.shape[0])
        for row in 0..<units.count where try units.double(row, "failed") == 0 {
            XCTAssertGreaterThanOrEqual(try units.double(row, "s_unit"), 0)
        }
        for figure in ["fig3-ssim", "fig3-failed-units", "fig4-ratio", "fig8-atlas-conv1"] {
            XCTAssertTrue(dir.exists("figures/\(figure).png"), figure)
        }
        XCTAssertTrue(dir.files(under: "figures").contains { $0.hasPrefix("figures/fig5-") })

        // A second run finds everything done; a lost AM array is regenerated to the same bytes.
        XCTAssertEqual(try runner.run(force: false) { _ in }, .alreadyComplete)
        let path = "am/seed-1/conv3/l2-tv-signals.npy"
        let before = try dir.read(path)
        try FileManager.default.removeItem(at: root.appendingPathComponent(path))
        // A missing output makes the stages check their work again until it is back: training
        // resumes from its checkpoints, the AM stage redoes only the lost array.
        XCTAssertEqual(try runner.run(force: false) { _ in }, .ran(["data", "train", "metrics", "maximize"]))
        XCTAssertEqual(try dir.read(path), before)
    }
}
