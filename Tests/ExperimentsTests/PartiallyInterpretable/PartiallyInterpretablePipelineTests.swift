import Foundation
import XCTest
@testable import Experiments

/// Paper 002 part 3's pipeline on a tiny table in scikit-learn's wine format (class k where
/// alcohol lies in [k, k + 1)), and what its files must say.
final class PartiallyInterpretablePipelineTests: XCTestCase {
    var root: URL!
    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("data"), withIntermediateDirectories: true)
        var text = "90,13,class_0,class_1,class_2\n"
        for i in 0..<90 {
            let k = i % 3
            let features = [Double(k) + Double(i % 10) / 10] + (1..<13).map { Double(($0 * 7 + i * 3) % 11) }
            text += features.map { String($0) }.joined(separator: ",") + ",\(k)\n"
        }
        try Data(text.utf8).write(to: root.appendingPathComponent("data/wine_data.csv"))
    }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: root) }

    func testRunsEveryStageAndItsAUTACIsItsCurvesArea() throws {
        let text = """
            {"name": "tiny-rules", "study": "partially-interpretable",
             "data": {"kind": "wine", "directory": "\(root.path)/data"},
             "model": {"kind": "mlp", "hidden": [8]},
             "training": {"epochs": 5, "batchSize": 8, "optimizer": {"kind": "sgd", "lr": 0.05, "momentum": 0.9}},
             "rules": {"depths": [1, 2], "minLeaf": 2}}
            """
        let spec = try ExperimentSpec(SpecReader(try JSONValue.parse(Data(text.utf8)), file: "t.json"))
        let dir = RunDirectory(root.appendingPathComponent("run"))
        let outcome = try Runner(spec: spec, directory: dir, environment: RunEnvironment(version: "test", gitCommit: nil, threads: 2),
                                 stages: try spec.stages()).run(force: false) { _ in }
        XCTAssertEqual(outcome, .ran(["data", "train", "rules", "tables", "figures"]))
        XCTAssertTrue(dir.exists("figures/transparency-accuracy.png"))
        XCTAssertEqual(try RawRows("test", in: dir).rows.count, 27)
        let curves = try RuleCurves(in: dir)
        XCTAssertEqual(curves.learners, ["tree-depth-1", "tree-depth-2"])
        let autac = try CSVRows(try dir.read("tables/autac.csv"), file: "autac.csv")
        for (i, learner) in curves.learners.enumerated() {
            let curve = curves.curves[learner]!
            XCTAssertEqual(curve.transparency.first, 0)
            XCTAssertEqual(curve.transparency.last, 1, "a tree's leaves answer every input")
            XCTAssertEqual(try autac.string(i, "AUTAC"), fixed3(curve.autac))
        }
        // Depth 2 separates the three alcohol bands: its rules alone are right on every test row.
        XCTAssertEqual(curves.curves["tree-depth-2"]!.accuracy.last, 1)
        let rules = try PartiallyInterpretableArtifacts.rules("tree-depth-2").read(in: dir)
        XCTAssertEqual(rules.count, 3)
        let first = try rules.string(0, "rule")
        XCTAssertTrue(first.hasPrefix("IF alcohol "), first)
        XCTAssertTrue(dir.exists("tables/rules-tree-depth-2.md"))
    }
}
