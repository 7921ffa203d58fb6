import XCTest
@testable import Experiments

/// The spec's `metrics` list selects what paper 000's study computes and tabulates; absent,
/// the study's defaults are written into the resolved spec.
final class MetricSelectionTests: RunTestCase {
    func testDefaultsAreWrittenIntoTheResolvedSpec() throws {
        XCTAssertEqual(try tinySpec().metrics.map(\.rawValue), ["regression", "ndcg-per-state", "ndcg-per-step"])
        let pamap2 = try ExperimentSpec(SpecReader(try JSONValue.parse(Data(
            #"{"name": "p", "study": "time-smoothgrad", "data": {"kind": "synthetic-pamap2"}, "model": {"kind": "mlp"}}"#.utf8)), file: "t.json"))
        XCTAssertEqual(pamap2.metrics.map(\.rawValue), ["regression"])
        XCTAssertEqual(pamap2.figures.map(\.rawValue), ["training-curves", "activity-attribution"])
        let text = String(decoding: pamap2.resolvedJSON, as: UTF8.self)
        XCTAssertTrue(text.contains(#""metrics": ["#), text)
        XCTAssertFalse(text.contains("selection"), "paper 003's keys stay out of another study's resolved spec")
    }

    func testRegressionOnly() throws {
        let spec = try tinySpec(["attribution=[{\"method\": \"gradient\"}]", "metrics=[\"regression\"]"])
        let dir = RunDirectory(root)
        _ = try run(spec, dir, try spec.stages())
        XCTAssertTrue(dir.exists("metrics/regression.csv"))
        XCTAssertTrue(dir.exists("tables/table1.md"))
        XCTAssertFalse(dir.exists("tables/table2.md"))
        let header = String(decoding: try dir.read("metrics/states.csv"), as: UTF8.self).split(separator: "\n")[0]
        XCTAssertEqual(String(header), TimeSmoothGradArtifacts.states.columns.joined(separator: ","))
    }

    func testPerStepNDCGOnly() throws {
        let spec = try tinySpec(["attribution=[{\"method\": \"gradient\"}]", "metrics=[\"ndcg-per-step\"]"])
        let dir = RunDirectory(root)
        _ = try run(spec, dir, try spec.stages())
        XCTAssertFalse(dir.exists("metrics/regression.csv"))
        XCTAssertFalse(dir.exists("tables/table1.md"))
        let states = try TimeSmoothGradArtifacts.states.read(in: dir)
        XCTAssertNotNil(try states.optionalDouble(0, "per_step_ndcg_gradient"))
        let table = String(decoding: try dir.read("tables/table2.md"), as: UTF8.self)
        XCTAssertTrue(table.contains("gradient (per step)"), table)
        XCTAssertFalse(table.contains("(mean map)"), table)
    }
}

/// Paper 002's faithfulness on a time series: the reference epoch's maps of every test step,
/// feature by feature, with the random control; feature ablation is a series method too.
final class SeriesFaithfulnessTests: RunTestCase {
    func testFaithfulnessOfTimeSeriesMaps() throws {
        let spec = try tinySpec(["attribution=[{\"method\": \"gradient\"}, {\"method\": \"feature-ablation\", \"baseline\": \"dataset-mean\"}]",
                                 "metrics=[\"regression\", \"faithfulness\"]", "faithfulness={\"steps\": 3}"])
        let dir = RunDirectory(root)
        _ = try run(spec, dir, try spec.stages())
        let reference = try ReferenceEpoch.read(dir).epoch
        let rows = try FaithfulnessArtifacts.all.read(in: dir)
        XCTAssertEqual(try (0..<rows.count).map { try rows.string($0, "method") }, ["gradient", "feature-ablation", "random"])
        XCTAssertEqual(try (0..<rows.count).map { try rows.int($0, "epoch") }, [reference, reference, reference])
        // Feature ablation is the removal ranking itself: ρ = 1 up to ties.
        XCTAssertGreaterThan(try rows.double(1, "spearman_removal"), 0.99)
        let table = String(decoding: try dir.read("tables/faithfulness.md"), as: UTF8.self)
        XCTAssertTrue(table.contains("prediction (standardised y)"), table)
    }

    func testABlurredSeriesIsRefused() throws {
        XCTAssertThrowsError(try tinySpec(["attribution=[{\"method\": \"feature-ablation\", \"baseline\": \"blur\"}]"])) {
            XCTAssertTrue("\($0)".contains("attribution[0].baseline"), "\($0)")
        }
    }
}
