import XCTest
@testable import Experiments

/// The study registry: a spec names its study, and the study rejects, at load time and with
/// the JSON path, any data kind, model, method, metric or figure it cannot use.
final class StudyRegistryTests: XCTestCase {
    func message(_ text: String) -> String {
        do {
            _ = try ExperimentSpec(SpecReader(try JSONValue.parse(Data(text.utf8)), file: "x.json"))
            return "accepted"
        } catch {
            return "\(error)"
        }
    }

    func testEveryStudyIsRegisteredOnceByName() {
        XCTAssertEqual(Studies.names, ["time-smoothgrad", "overtraining", "activation-maximization", "invariant-perturbation", "data-cleansing", "partially-interpretable"])
        XCTAssertEqual(Set(Studies.names).count, Studies.all.count)
        for study in Studies.all { XCTAssertTrue(Studies.named(study.name) == study) }
    }

    func testAMissingOrUnknownStudyListsTheKnownOnes() {
        let missing = message(#"{"name": "t", "data": {"kind": "ar-states"}, "model": {"kind": "mlp"}}"#)
        XCTAssertTrue(missing.hasPrefix("x.json: study: required, but missing"), missing)
        let unknown = message(#"{"name": "t", "study": "drift", "data": {"kind": "ar-states"}, "model": {"kind": "mlp"}}"#)
        XCTAssertTrue(unknown.hasPrefix(#"x.json: study: unknown study "drift"; the studies are "time-smoothgrad""#), unknown)
        for name in Studies.names { XCTAssertTrue(unknown.contains("\"\(name)\""), name) }
    }

    /// One row per combination a study cannot run: the spec, the path and message start expected.
    func testEachStudyRejectsWhatItCannotUse() {
        let rows: [(String, String)] = [
            (#"{"name": "t", "study": "overtraining", "data": {"kind": "ar-states"}, "model": {"kind": "mlp"}}"#,
             #"x.json: data.kind: study "overtraining" cannot use data kind "ar-states"; it accepts "mnist", "fashion-mnist", "cifar10""#),
            (#"{"name": "t", "study": "overtraining", "data": {"kind": "fashion-mnist"}, "model": {"kind": "sfhf-cnn"}}"#,
             #"x.json: model.kind: study "overtraining" cannot use model "sfhf-cnn"; it accepts "mnist-cnn", "resnet18""#),
            (#"{"name": "t", "study": "overtraining", "data": {"kind": "fashion-mnist"}, "model": {"kind": "mnist-cnn"}, "attribution": [{"method": "saliency"}, {"method": "time-smoothgrad"}]}"#,
             #"x.json: attribution[1].method: study "overtraining" cannot use attribution method "time-smoothgrad""#),
            (#"{"name": "t", "study": "overtraining", "data": {"kind": "fashion-mnist"}, "model": {"kind": "mnist-cnn"}, "attribution": [{"method": "grad-cam", "layer": "relu9"}]}"#,
             #"x.json: attribution[0].layer: the mnist-cnn has no layer "relu9"; its layers are conv1, relu1"#),
            (#"{"name": "t", "study": "overtraining", "data": {"kind": "cifar10"}, "model": {"kind": "resnet18"}, "attribution": [{"method": "saliency"}, {"method": "deep-taylor"}]}"#,
             #"x.json: attribution[1].method: deep-taylor has no relevance rule for layer bn1 (BatchNorm): the resnet18 cannot use it"#),
            (#"{"name": "t", "study": "invariant-perturbation", "data": {"kind": "fashion-mnist"}, "model": {"kind": "mnist-cnn"}, "attribution": [{"method": "saliency"}]}"#,
             #"x.json: attribution: study "invariant-perturbation" needs exactly one "invariant-perturbation" entry, got 0"#),
            (#"{"name": "t", "study": "invariant-perturbation", "data": {"kind": "fashion-mnist"}, "model": {"kind": "mnist-cnn"}, "attribution": [{"method": "invariant-perturbation", "maskThresholds": [0, 0, 0, 0]}]}"#,
             #"x.json: attribution[0].method: invariant-perturbation has 4 mask thresholds but the network has 3 ReLU layers"#),
            (#"{"name": "t", "study": "overtraining", "data": {"kind": "fashion-mnist"}, "model": {"kind": "mnist-cnn"}, "attribution": [{"method": "saliency", "channelReduction": "max_abs"}]}"#,
             #"x.json: attribution[0].channelReduction: expected one of "none", "max-abs", "sum", got "max_abs""#),
            (#"{"name": "t", "study": "overtraining", "data": {"kind": "fashion-mnist"}, "model": {"kind": "mnist-cnn"}, "attribution": [{"method": "saliency-map"}]}"#,
             #"x.json: attribution[0].method: expected one of "gradient", "time-smoothgrad", "feature-ablation", "saliency""#),
            (#"{"name": "t", "study": "time-smoothgrad", "data": {"kind": "ar-states"}, "model": {"kind": "mlp"}, "attribution": [{"method": "grad-cam"}]}"#,
             #"x.json: attribution[0].method: study "time-smoothgrad" cannot use attribution method "grad-cam"; it accepts "gradient", "time-smoothgrad""#),
            (#"{"name": "t", "study": "time-smoothgrad", "data": {"kind": "ar-states"}, "model": {"kind": "mlp"}, "figures": ["drift-curves"]}"#,
             #"x.json: figures[0]: expected a figure of study "time-smoothgrad", one of "training-curves", "state-heatmaps", "lift-chart", "activity-attribution", got "drift-curves""#),
            (#"{"name": "t", "study": "time-smoothgrad", "data": {"kind": "ar-states"}, "model": {"kind": "mlp"}, "metrics": ["ssim"]}"#,
             #"x.json: metrics[0]: expected a metric of study "time-smoothgrad", one of "regression", "ndcg-per-state", "ndcg-per-step", "faithfulness", got "ssim""#),
            (#"{"name": "t", "study": "time-smoothgrad", "data": {"kind": "ar-states"}, "model": {"kind": "mlp"}, "metrics": ["regression"], "figures": ["lift-chart"]}"#,
             #"x.json: figures[0]: "lift-chart" plots nDCG: add "ndcg-per-state" or "ndcg-per-step" to metrics"#),
            (#"{"name": "t", "study": "overtraining", "data": {"kind": "fashion-mnist"}, "model": {"kind": "mnist-cnn"}, "metrics": [], "figures": ["drift-curves"]}"#,
             #"x.json: figures[0]: "drift-curves" plots drift: add "ssim" or "spearman" to metrics"#),
            (#"{"name": "t", "study": "time-smoothgrad", "data": {"kind": "ar-states"}, "model": {"kind": "mlp"}, "selection": {"correct": 2}}"#,
             #"x.json: selection: a key of study "overtraining""#),
            (#"{"name": "t", "study": "time-smoothgrad", "data": {"kind": "synthetic-pamap2"}, "model": {"kind": "mlp"}, "metrics": ["regression", "ndcg-per-state"]}"#,
             #"x.json: metrics[1]: "ndcg-per-state" needs AR states"#),
            (#"{"name": "t", "study": "activation-maximization", "data": {"kind": "synthetic-har"}, "model": {"kind": "sfhf-cnn"}, "attribution": [{"method": "gradient"}]}"#,
             #"x.json: attribution[0].method: study "activation-maximization" cannot use attribution method "gradient"; it accepts none"#),
            (#"{"name": "t", "study": "time-smoothgrad", "data": {"kind": "ar-states"}, "model": {"kind": "mlp"}, "seeds": [1, 2]}"#,
             #"x.json: seeds: a key of study "activation-maximization" (paper 004"#),
        ]
        for (text, expected) in rows {
            let got = message(text)
            XCTAssertTrue(got.hasPrefix(expected), "\(text)\n→ \(got)")
        }
    }

    func testTheStudyDecidesTheStagesNotTheDataKind() throws {
        let text = #"{"name": "t", "study": "time-smoothgrad", "data": {"kind": "synthetic-pamap2"}, "model": {"kind": "mlp"}}"#
        let spec = try ExperimentSpec(SpecReader(try JSONValue.parse(Data(text.utf8)), file: "x.json"))
        XCTAssertEqual(try spec.stages().map(\.name), ["data", "train", "attribute", "metrics", "tables", "figures"])
        XCTAssertTrue(String(decoding: spec.resolvedJSON, as: UTF8.self).contains(#""study": "time-smoothgrad""#))
    }

    /// A study's figure list and its drawing functions name the same figures.
    func testEachStudyDrawsEveryFigureItAccepts() throws {
        XCTAssertEqual(Set(OvertrainingFigures.drawings.keys), Set(OvertrainingStudy.figures))
        XCTAssertEqual(Set(ActivationMaximizationFigures.drawings.keys), Set(ActivationMaximizationStudy.figures))
        XCTAssertEqual(Set(InvariantPerturbationFigures.drawings.keys), Set(InvariantPerturbationStudy.figures))
        let states = try ARStatesSpec(SpecReader(.object([("kind", "ar-states")]), path: "data", file: "x.json"))
        let pamap2 = try PAMAP2DataSpec(SpecReader(.object([("kind", "synthetic-pamap2")]), path: "data", file: "x.json"))
        XCTAssertEqual(Set(TimeSmoothGradFigures.drawings(states: states).keys).union(TimeSmoothGradFigures.drawings(pamap2: pamap2).keys),
                       Set(TimeSmoothGradStudy.figures))
    }
}
