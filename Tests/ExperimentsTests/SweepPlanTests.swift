import Foundation
import XCTest
@testable import Experiments

/// Sweeps read from a spec and the command line: the grid, member names, member specs and the
/// errors of bad keys and values (located in the sweep, before anything runs).
final class SweepPlanTests: XCTestCase {
    static let base = #"""
        {"name": "tiny", "study": "time-smoothgrad", "data": {"kind": "ar-states", "features": 3},
         "model": {"kind": "mlp", "hidden": [8]},
         "training": {"epochs": 3, "batchSize": 16, "optimizer": {"kind": "adam", "lr": 0.001}}, "figures": []
         SWEEP}
        """#

    func document(_ sweep: String) throws -> SpecDocument {
        let text = SweepPlanTests.base.replacingOccurrences(of: "SWEEP", with: sweep.isEmpty ? "" : ", \"sweep\": " + sweep)
        return SpecDocument(file: "s.json", root: try JSONValue.parse(Data(text.utf8)))
    }

    func plan(_ sweep: String, _ commandLine: [String] = []) throws -> SweepPlan {
        // Not XCTUnwrap: it would record the spec errors the tests expect as failures.
        guard let plan = try SweepPlan.read(try document(sweep), commandLine: try commandLine.map(SweepAxis.init(commandLine:))) else {
            throw SpecError(file: "test", path: "", "no sweep")
        }
        return plan
    }

    func error(_ body: () throws -> Any?) -> SpecError? {
        do { _ = try body() } catch let e as SpecError { return e } catch { XCTFail("not a SpecError: \(error)") }
        return nil
    }

    func testGridExpansionAndMemberNaming() throws {
        let p = try plan(#"{"seed": {"range": [0, 2]}, "training.optimizer.lr": [0.01, 0.05]}"#)
        XCTAssertEqual(p.members.map(\.name), ["seed-0_training.optimizer.lr-0.01", "seed-0_training.optimizer.lr-0.05",
                                               "seed-1_training.optimizer.lr-0.01", "seed-1_training.optimizer.lr-0.05"])
        XCTAssertEqual(p.members.map(\.gridPoint), ["training.optimizer.lr-0.01", "training.optimizer.lr-0.05",
                                                    "training.optimizer.lr-0.01", "training.optimizer.lr-0.05"])
        XCTAssertEqual(p.members.map(\.spec.seed), [0, 0, 1, 1])
        XCTAssertEqual(p.members.map(\.spec.training.json["optimizer"]?["lr"]), [.number(0.01), .number(0.05), .number(0.01), .number(0.05)])
        XCTAssertEqual(p.name, "tiny")

        // The command line: an inclusive range, a list of values (JSON or strings); a key the spec sweeps is replaced.
        let cli = try plan(#"{"seed": [7]}"#, ["seed=0..2", "training.optimizer.kind=adam,sgd"])
        XCTAssertEqual(cli.members.map(\.name), ["seed-0_training.optimizer.kind-adam", "seed-0_training.optimizer.kind-sgd",
                                                 "seed-1_training.optimizer.kind-adam", "seed-1_training.optimizer.kind-sgd",
                                                 "seed-2_training.optimizer.kind-adam", "seed-2_training.optimizer.kind-sgd"])
        XCTAssertEqual(try SweepAxis(commandLine: "model.hidden=[[4],[8,8]]").labels, ["v1", "v2"])
        XCTAssertEqual(try SweepAxis(commandLine: "training.optimizer.lr=[0.1,0.2]").values, [.number(0.1), .number(0.2)])
        XCTAssertEqual(try SweepAxis(commandLine: "seed=3..3").values, [.number(3)])
        XCTAssertNil(try SweepPlan.read(try document("")), "no sweep: a plain run")
    }

    func testMemberSpecIsTheBaseWithItsValuesAndNothingElse() throws {
        let p = try plan(#"{"seed": [4, 5], "training.optimizer.lr": [0.02]}"#)
        let base = try ExperimentSpec(SweepPlan.baseDocument(try document("")).reader)
        for member in p.members {
            // The base's resolved spec with the member's values set: every other byte the same.
            var expected = SpecDocument(file: "resolved", root: base.json)
            for (key, value) in member.values { try expected.set(key, to: value) }
            XCTAssertEqual(String(decoding: member.spec.resolvedJSON, as: UTF8.self),
                           String(decoding: try ExperimentSpec(expected.reader).resolvedJSON, as: UTF8.self))
            XCTAssertNotEqual(member.spec.resolvedJSON, base.resolvedJSON)
            // Its spec file, read as a plain run reads it, is the same spec.
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("member-\(UUID().uuidString).json")
            defer { try? FileManager.default.removeItem(at: file) }
            try member.document.root.serialized(pretty: true).write(to: file)
            XCTAssertEqual(try ExperimentSpec.load(file).resolvedJSON, member.spec.resolvedJSON)
            XCTAssertNil(member.document.root[SweepSpec.sectionKey])
        }
    }

    func testBadSweepKeysAndValuesNameTheirPath() throws {
        func path(_ sweep: String, _ cli: [String] = []) -> String? { error { try self.plan(sweep, cli) }?.path }
        XCTAssertEqual(path(#"{"training.optimizer.lr": [0.01, -1]}"#), "sweep.training.optimizer.lr[1]")
        XCTAssertEqual(error { try self.plan(#"{"training.optimizer.lr": [0.01, -1]}"#) }?.description,
                       "s.json: sweep.training.optimizer.lr[1]: must be > 0, got -1")
        XCTAssertEqual(path(#"{"training.optimiser.lr": [0.01, 0.02]}"#), "sweep.training.optimiser.lr")
        XCTAssertEqual(path(#"{"seed": [0, 1, 0]}"#), "sweep.seed[2]")
        XCTAssertEqual(path(#"{"seed": [0, -1]}"#), "sweep.seed[1]")
        XCTAssertEqual(path(#"{"seed": {"range": [3, 1]}}"#), "sweep.seed.range")
        XCTAssertEqual(path(#"{"seed": {"rang": [0, 3]}}"#), "sweep.seed.range")
        XCTAssertEqual(path(#"{"seed": []}"#), "sweep.seed")
        XCTAssertEqual(path(#"{"name": ["a", "b"]}"#), "sweep.name")
        XCTAssertEqual(path(#"[1, 2]"#), "sweep")
        XCTAssertEqual(path(#"{"seed": [0]}"#, ["training.epochs=2,zero"]), "sweep.training.epochs[1]")
        XCTAssertEqual(error { try self.plan(#"{"seed": [0]}"#, ["training.epochs=2,zero"]) }?.file, "--sweep")
        XCTAssertEqual(path(#"{"seed": [0]}"#, ["seed=5..1"]), "sweep.seed")
        // An executor section is checked too.
        XCTAssertEqual(path(#"{"seed": [0]}, "executor": {"kind": "pbs"}"#), "executor.kind")
        XCTAssertEqual(path(#"{"seed": [0]}, "executor": {"kind": "slurm", "partition": "a'b"}"#), "executor.partition")
    }
}
