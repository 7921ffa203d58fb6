import Foundation
import XCTest
@testable import Experiments

final class ExperimentSpecTests: XCTestCase {
    let minimal = #"{"name": "t", "study": "time-smoothgrad", "data": {"kind": "ar-states"}, "model": {"kind": "mlp"}}"#

    func spec(_ text: String, overrides: [String] = []) throws -> ExperimentSpec {
        var doc = SpecDocument(file: "x.json", root: try JSONValue.parse(Data(text.utf8)))
        for o in overrides { try doc.set(o) }
        return try ExperimentSpec(doc.reader)
    }

    func message(_ text: String, overrides: [String] = []) -> String {
        do { _ = try spec(text, overrides: overrides); return "no error" } catch { return "\(error)" }
    }

    /// The resolved spec reads back as the same spec and writes the same bytes; returns its text.
    func resolvedTextRoundTrips(_ s: ExperimentSpec, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let resolved = s.resolvedJSON
        let again = try ExperimentSpec(SpecReader(try JSONValue.parse(resolved), file: "spec.resolved.json"))
        XCTAssertEqual(again, s, file: file, line: line)
        XCTAssertEqual(again.resolvedJSON, resolved, file: file, line: line)
        return String(decoding: resolved, as: UTF8.self)
    }

    func testDefaultsAreFilledInAndResolvedSpecRoundTrips() throws {
        let s = try spec(minimal)
        XCTAssertEqual(s.training.epochs, 50)
        XCTAssertEqual(s.training.optimizer, .adam(lr: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0))
        XCTAssertEqual(s.model, .mlp(hidden: [100, 100]))
        let text = try resolvedTextRoundTrips(s)
        XCTAssertTrue(text.contains("\"stepsPerState\": 5000"), text)
        XCTAssertTrue(text.contains("\"rootModulus\": [0.3, 0.9]"), text)
    }

    func testEachKindOfErrorNamesItsPath() {
        XCTAssertEqual(message(#"{"data": {"kind": "ar-states"}, "model": {"kind": "mlp"}}"#), "x.json: name: required, but missing")
        XCTAssertEqual(message(minimal, overrides: ["training.optimizer.lr=-1"]), "x.json: training.optimizer.lr: must be > 0, got -1")
        XCTAssertEqual(message(minimal, overrides: ["training.epochs=ten"]), "x.json: training.epochs: expected a number, got a string")
        XCTAssertEqual(message(minimal, overrides: ["training.epoch=3"]),
                       "x.json: training.epoch: unknown key; allowed here: augmentation, batchSize, epochs, optimizer, schedule, shuffle, snapshots")
        XCTAssertEqual(message(minimal, overrides: ["model.kind=resnet"]),
                       #"x.json: model.kind: expected one of "mlp", "mnist-cnn", "resnet18", "sfhf-cnn", got "resnet""#)
        XCTAssertEqual(message(minimal, overrides: ["data.rootModulus=[0.9, 0.3]"]), "x.json: data.rootModulus: expected [low, high] with low ≤ high")
        XCTAssertEqual(message(minimal, overrides: ["attribution=[{\"method\": \"time-smoothgrad\", \"window\": 0}]"]),
                       "x.json: attribution[0].window: must be ≥ 1, got 0")
        // The issue's window of 1e9 on a 7,500-step series passed validation.
        XCTAssertEqual(message(minimal, overrides: ["data.stepsPerState=2500",
                                                    "attribution=[{\"method\": \"gradient\"}, {\"method\": \"time-smoothgrad\", \"window\": 1000000000}]"]),
                       "x.json: attribution[1].window: must be at most the series length, 7500 steps (3 states × 2500 stepsPerState), got 1000000000")
        XCTAssertEqual(message(minimal, overrides: ["data.stepsPerState=2500", "attribution=[{\"method\": \"time-smoothgrad\", \"window\": 7500}]"]),
                       "no error")
        XCTAssertEqual(message(minimal, overrides: ["training.snapshots.every=2", "training.snapshots.epochs=[3]"]),
                       #"x.json: training.snapshots: give either "every" or "epochs", not both"#)
        XCTAssertEqual(message(minimal, overrides: ["name=a b"]),
                       #"x.json: name: use letters, digits, '.', '_' or '-' only (it names the run folder), got "a b""#)
    }

    func testSensorSpecsWriteSeedsActivationMaximizationAndFigures() throws {
        let har = #"{"name": "h", "study": "activation-maximization", "data": {"kind": "synthetic-har"}, "model": {"kind": "sfhf-cnn"}, "seeds": [3, 1]}"#
        let s = try spec(har)
        XCTAssertEqual(s.seeds, [3, 1])
        XCTAssertEqual(s.activationMaximization.variants, ["l2+tv", "l2+tv+aap", "l2+tv+eap", "l2+tv+clip", "l2+tv+eap+clip"])
        XCTAssertEqual(s.activationMaximization.steps, 5000)
        XCTAssertEqual(s.figures, ActivationMaximizationStudy.figures)
        guard case .sensors(let data) = s.data else { return XCTFail("not a sensor spec") }
        XCTAssertEqual(data.normalization, .none)
        let text = try resolvedTextRoundTrips(s)
        XCTAssertTrue(text.contains("\"failThreshold\": 10"), text)
        XCTAssertTrue(text.contains("\"normalization\": \"none\""), text)
        // Other kinds keep their resolved spec free of paper 004's section.
        XCTAssertFalse(String(decoding: try spec(minimal).resolvedJSON, as: UTF8.self).contains("activationMaximization"))
        XCTAssertEqual(try spec(minimal).seeds, [0])

        XCTAssertEqual(message(har, overrides: ["seeds=[1, 1]"]), "x.json: seeds: expected distinct seeds, at least one")
        XCTAssertEqual(message(minimal, overrides: ["seeds=[1, 2]"]),
                       "x.json: seeds: a key of study \"activation-maximization\" (\(ActivationMaximizationStudy.summary)), not of this spec's study \"time-smoothgrad\"")
        XCTAssertEqual(message(har, overrides: ["activationMaximization.variants=[\"l2\"]"]),
                       #"x.json: activationMaximization.variants[0]: expected one of "l2+tv", "l2+tv+aap", "l2+tv+eap", "l2+tv+clip", "l2+tv+eap+clip", got "l2""#)
        XCTAssertEqual(message(har, overrides: ["activationMaximization.units=0"]), "x.json: activationMaximization.units: must be ≥ 1, got 0")
        XCTAssertEqual(message(har, overrides: ["activationMaximization.layers=[\"conv2\", \"fc1\"]"]),
                       #"x.json: activationMaximization.layers[1]: the sfhf-cnn's convolutions are "conv1", "conv2", "conv3", got "fc1""#)
        XCTAssertEqual(message(har, overrides: ["data.normalization=\"z\""]),
                       #"x.json: data.normalization: expected one of "none", "per-axis", got "z""#)
    }

    func testOptimizerKindChangesDefaults() throws {
        let s = try spec(minimal, overrides: ["training.optimizer={\"kind\": \"sgd\", \"momentum\": 0.9}"])
        XCTAssertEqual(s.training.optimizer, .sgd(lr: 0.1, momentum: 0.9, nesterov: false, weightDecay: 0))
    }

    func testSnapshotSelection() {
        XCTAssertTrue(SnapshotSpec.every(5).keeps(10, of: 12))
        XCTAssertFalse(SnapshotSpec.every(5).keeps(11, of: 12))
        XCTAssertTrue(SnapshotSpec.every(5).keeps(12, of: 12))  // the last epoch always
        XCTAssertTrue(SnapshotSpec.epochs([1, 4]).keeps(4, of: 12))
    }

    func testReferenceForms() throws {
        XCTAssertEqual(try spec(minimal).reference, .bestValidationLoss)
        XCTAssertEqual(try spec(minimal, overrides: ["reference.epoch=41"]).reference, .epoch(41))
        XCTAssertEqual(try spec(minimal, overrides: ["reference.epoch=last"]).reference, .last)
    }
}
