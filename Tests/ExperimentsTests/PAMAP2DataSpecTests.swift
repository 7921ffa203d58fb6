import Foundation
import XCTest
@testable import Experiments

final class PAMAP2DataSpecTests: XCTestCase {
    let minimal = #"{"name": "t", "study": "time-smoothgrad", "data": {"kind": "pamap2"}, "model": {"kind": "mlp"}}"#

    func spec(_ text: String, overrides: [String] = []) throws -> ExperimentSpec {
        var doc = SpecDocument(file: "x.json", root: try JSONValue.parse(Data(text.utf8)))
        for o in overrides { try doc.set(o) }
        return try ExperimentSpec(doc.reader)
    }

    func message(_ overrides: [String]) -> String {
        do { _ = try spec(minimal, overrides: overrides); return "no error" } catch { return "\(error)" }
    }

    func testDefaultsAreTheCardsAndAreWrittenBack() throws {
        let s = try spec(minimal)
        guard case .pamap2(let p) = s.data else { return XCTFail("not a PAMAP2 spec") }
        XCTAssertEqual(p.directory, "data/pamap2")
        XCTAssertEqual(p.subjects, Array(101...108))
        XCTAssertEqual(p.testSubject, 108)
        XCTAssertEqual(p.trainSubjects, Array(101...107))
        XCTAssertEqual(p.target, "chest.mag.x")
        XCTAssertEqual(p.nan, .interpolate)
        // Hand and ankle: temperature, acc16, acc6, gyro, magnetometer — 13 channels each.
        XCTAssertEqual(p.inputChannels.count, 26)
        XCTAssertEqual(p.inputChannels.first, "hand.temperature")
        XCTAssertEqual(p.inputChannels.last, "ankle.mag.z")
        XCTAssertEqual(s.data.inputShape, [26])
        XCTAssertEqual(s.data.task, .regression(outputs: 1))
        XCTAssertEqual(s.data.needs, "data/pamap2 (download; see data/README.md)")

        let resolved = s.resolvedJSON
        let again = try ExperimentSpec(SpecReader(try JSONValue.parse(resolved), file: "spec.resolved.json"))
        XCTAssertEqual(again, s)
        let text = String(decoding: resolved, as: UTF8.self)
        XCTAssertTrue(text.contains(#""testSubject": 108"#), text)
        XCTAssertTrue(text.contains(#""inputs": ["hand", "ankle"]"#), text)
        XCTAssertTrue(text.contains(#""nan": "interpolate""#), text)
    }

    func testSyntheticKindAndNarrowerInputs() throws {
        let s = try spec(#"{"name": "t", "study": "time-smoothgrad", "data": {"kind": "synthetic-pamap2", "subjects": [101, 102, 103], "inputs": ["hand.mag", "ankle.gyro.x"]}, "model": {"kind": "mlp"}}"#)
        guard case .pamap2(let p) = s.data else { return XCTFail("not a PAMAP2 spec") }
        XCTAssertEqual(p.testSubject, 103)  // the last subject listed
        XCTAssertEqual(p.inputChannels, ["hand.mag.x", "hand.mag.y", "hand.mag.z", "ankle.gyro.x"])
        XCTAssertEqual(s.data.needs, "nothing (synthetic)")
        XCTAssertFalse(String(decoding: s.resolvedJSON, as: UTF8.self).contains("directory"))
    }

    func testBadFieldsNameTheirPath() {
        XCTAssertEqual(message(["data.testSubject=109"]), "x.json: data.testSubject: 109 is not one of subjects [101, 102, 103, 104, 105, 106, 107, 108]")
        XCTAssertEqual(message(["data.subjects=[101]"]), "x.json: data.subjects: expected at least two different subjects (one tests, the others train)")
        XCTAssertEqual(message(["data.subjects=[101, 110]"]), "x.json: data.subjects[1]: must be ≤ 109, got 110")
        XCTAssertTrue(message(["data.inputs=[\"hand\", \"wrist\"]"]).hasPrefix(#"x.json: data.inputs[1]: "wrist" selects none of the PAMAP2 channels heart-rate, hand.temperature"#))
        XCTAssertEqual(message(["data.inputs=[\"hand\", \"chest\"]"]), "x.json: data.inputs: selects the target chest.mag.x; the target cannot be an input")
        XCTAssertTrue(message(["data.target=\"chest.mag\""]).hasPrefix(#"x.json: data.target: expected one of "heart-rate""#))
        XCTAssertEqual(message(["data.nan=\"zero\""]), #"x.json: data.nan: expected one of "interpolate", "drop", got "zero""#)
        XCTAssertEqual(message(["data.rate=200"]), "x.json: data.rate: must be ≤ 100, got 200")
        XCTAssertEqual(message(["data.validationFraction=0"]), "x.json: data.validationFraction: must be > 0, got 0")
        XCTAssertTrue(message(["data.seconds=3"]).hasPrefix("x.json: data.seconds: unknown key"), "synthetic sizes only for synthetic-pamap2")
    }
}
