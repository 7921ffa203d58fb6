import Foundation
import XCTest
@testable import Experiments

/// Paper 004's data path end to end: synthetic files in DSADS format, the real loader, g,
/// 30 Hz windows, subject split, SFHF-CNN training and the macro-F1 table.
final class SensorPipelineTests: XCTestCase {
    func testSyntheticHARTrainsAndScores() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("sensors-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let text = #"""
            {"name": "har", "data": {"kind": "synthetic-har", "activities": 3, "subjects": 5, "seconds": 10},
             "model": {"kind": "sfhf-cnn", "filters": 8, "hidden": 16},
             "training": {"epochs": 4, "batchSize": 32, "optimizer": {"kind": "adam", "lr": 0.003}}}
            """#
        let spec = try ExperimentSpec(SpecReader(try JSONValue.parse(Data(text.utf8)), file: "t.json"))
        XCTAssertEqual(spec.data.inputShape, [6, 30])
        guard case .sensors(let s) = spec.data else { return XCTFail("not a sensor spec") }
        XCTAssertEqual(s.trainSubjects, [1, 2])
        XCTAssertEqual(s.validationSubjects, [3])
        XCTAssertEqual(s.testSubjects, [4, 5])
        let dir = RunDirectory(root)
        XCTAssertEqual(try Runner(spec: spec, directory: dir, environment: RunEnvironment(version: "test", gitCommit: nil, threads: 2),
                                  stages: Pipeline.stages(for: spec)).run(force: false) { _ in }, .ran(["data", "train", "metrics"]))
        let scores = try CSVRows(try dir.read("metrics/classification.csv"), file: "metrics/classification.csv")
        XCTAssertGreaterThan(try scores.double(0, "macro_f1"), 0.6)  // chance is 1/3
        XCTAssertEqual(try dir.readArray("data/train-inputs.npy").shape.dims.dropFirst(), [6, 30])
    }
}
