import Foundation
import XCTest
@testable import Experiments

/// A sweep run here: members are ordinary runs, finished ones are never run again, an
/// interrupted sweep resumes to the same aggregate, and status reads each member's state.
final class LocalSweepTests: RunTestCase {
    func plan(_ seeds: String) throws -> SweepPlan {
        let doc = SpecDocument(file: "s.json", root: try JSONValue.parse(Data(#"""
            {"name": "tiny", "study": "time-smoothgrad", "data": {"kind": "ar-states", "features": 3},
             "model": {"kind": "mlp", "hidden": [8]}, "training": {"epochs": 3, "batchSize": 16}, "figures": [],
             "sweep": {"seed": SEEDS}}
            """#.replacingOccurrences(of: "SEEDS", with: seeds).utf8)))
        return try XCTUnwrap(SweepPlan.read(doc))
    }

    func sweep(_ plan: SweepPlan, _ folder: SweepFolder) throws -> [String] {
        var ran: [String] = []
        _ = try LocalSweep(plan: plan, folder: folder, environment: runEnvironment).run { event in
            if case .memberStarted(let name, _, _) = event { ran.append(name) }
        }
        return ran
    }

    func bytes(_ folder: SweepFolder, _ files: [String]) throws -> [String: Data] {
        Dictionary(uniqueKeysWithValues: try files.map { ($0, try folder.root.read($0)) })
    }

    func testAKilledSweepResumesWithoutRerunningFinishedMembers() throws {
        let plan = try plan("[0, 1, 2]")
        let folder = SweepFolder(root)
        XCTAssertEqual(try sweep(plan, folder), ["seed-0", "seed-1", "seed-2"])
        let outcome = try SweepAggregate.write(folder)
        let aggregate = try bytes(folder, outcome.files)
        XCTAssertTrue(outcome.files.contains("aggregate/tables/table1.csv"), "\(outcome.files)")

        // The state a kill leaves: seed-0 finished, seed-1 stopped after training (its later
        // stages not in the manifest, their files gone), seed-2 never started.
        let seed1 = folder.memberFolder("seed-1")
        var manifest = try Manifest.decode(try seed1.read("manifest.json"))
        manifest.stages.removeAll { ["metrics", "tables", "figures"].contains($0.name) }
        for path in manifest.outputs.keys where path.hasPrefix("tables/") || path.hasPrefix("metrics/") {
            manifest.outputs[path] = nil
            try FileManager.default.removeItem(at: seed1.root.appendingPathComponent(path))
        }
        try seed1.write(try manifest.encoded(), to: "manifest.json")
        try FileManager.default.removeItem(at: folder.memberFolder("seed-2").root)
        try FileManager.default.removeItem(at: folder.aggregate.root)
        let seed0Log = try folder.memberFolder("seed-0").read(RunLog.name)
        let record = try folder.readRecord()
        XCTAssertEqual(record.members.map { MemberState.read($0, in: folder.memberFolder($0.name)).description },
                       ["finished", "interrupted (after epoch 3); a rerun resumes it", "not started"])
        XCTAssertThrowsError(try SweepAggregate.write(SweepFolder(root.appendingPathComponent("absent"))))

        XCTAssertEqual(try sweep(plan, folder), ["seed-1", "seed-2"], "seed-0 had finished")
        XCTAssertEqual(try folder.memberFolder("seed-0").read(RunLog.name), seed0Log, "seed-0 was not run again, not even opened")
        let resumed = String(decoding: try seed1.read(RunLog.name), as: UTF8.self)
        XCTAssertTrue(resumed.contains("[train] already done"), resumed)
        XCTAssertEqual(try bytes(folder, outcome.files), aggregate, "the resumed sweep's aggregate is the uninterrupted one's")
    }

    func testMoreSeedsLaterRunOnlyTheNewOnesAndPartialAggregatesSayWhatIsMissing() throws {
        let folder = SweepFolder(root)
        XCTAssertEqual(try sweep(try plan("[0, 1]"), folder), ["seed-0", "seed-1"])
        let wider = try plan("{\"range\": [0, 4]}")
        try folder.prepare(wider)
        let partial = try SweepAggregate.write(folder)
        XCTAssertEqual(partial.pooled, ["seed-0", "seed-1"])
        XCTAssertEqual(partial.missing, ["seed-2", "seed-3"])
        XCTAssertEqual(String(decoding: try folder.aggregate.read("members.csv"), as: UTF8.self),
                       "member,grid_point,pooled\nseed-0,,yes\nseed-1,,yes\nseed-2,,no\nseed-3,,no\n")
        XCTAssertEqual(try sweep(wider, folder), ["seed-2", "seed-3"])
    }

    func testAGridIsPooledPerGridPointOverSeeds() throws {
        let doc = SpecDocument(file: "s.json", root: try JSONValue.parse(Data(#"""
            {"name": "tiny", "study": "time-smoothgrad", "data": {"kind": "ar-states", "features": 3},
             "model": {"kind": "mlp", "hidden": [8]}, "training": {"epochs": 2, "batchSize": 16}, "figures": [],
             "sweep": {"seed": [0, 1], "training.optimizer.lr": [0.001, 0.004]}}
            """#.utf8)))
        let folder = SweepFolder(root)
        XCTAssertEqual(try sweep(try XCTUnwrap(SweepPlan.read(doc)), folder).count, 4)
        let table = CSVRecords.parse(String(decoding: try folder.aggregate.read("tables/table1.csv"), as: UTF8.self))
        XCTAssertEqual(table[0].prefix(3), ["training.optimizer.lr", "metric", "driftlab mean"])
        XCTAssertEqual(table.dropFirst().map { $0[0] }, ["0.001", "0.001", "0.004", "0.004"])
        XCTAssertEqual(Set(table.dropFirst().map { $0[6] }), ["2"], "n = 2 seeds per grid point")
        // The 0.004 point's Pearson mean is the mean of its two members' own tables.
        let pearsons = try ["seed-0_training.optimizer.lr-0.004", "seed-1_training.optimizer.lr-0.004"].map { member in
            Double(CSVRecords.parse(String(decoding: try folder.memberFolder(member).read("tables/table1.csv"), as: UTF8.self))[1][1])!
        }
        XCTAssertEqual(Double(table[3][2])!, (pearsons[0] + pearsons[1]) / 2, accuracy: 1e-7)
    }

    func testAFailedMemberIsReportedWithItsLoggedError() throws {
        let plan = try plan("[0, 1]")
        let folder = SweepFolder(root)
        // A foreign file in seed-1's folder: its run is refused, seed-0 still runs.
        try write("not a run", "members/seed-1/notes.txt", in: root)
        XCTAssertThrowsError(try sweep(plan, folder)) { error in
            XCTAssertTrue("\(error)".contains("1 member failed (seed-1)"), "\(error)")
        }
        let record = try folder.readRecord()
        XCTAssertEqual(MemberState.read(record.members[0], in: folder.memberFolder("seed-0")), .finished)
        XCTAssertEqual(MemberState.read(record.members[1], in: folder.memberFolder("seed-1")), .notStarted,
                       "refused before its folder became a run: nothing logged")
        XCTAssertEqual(MemberState.loggedError(Data("2026 run of x\n2026 stopped: stage train: diverged\n".utf8)), "stage train: diverged")
        XCTAssertNil(MemberState.loggedError(Data("2026 run of x\n2026 stopped: old\n2026 run of x\n".utf8)), "a later run started")
    }

    func testAPlainRunFolderIsNotTakenOverBySweep() throws {
        try write("{}", "manifest.json", in: root)
        XCTAssertThrowsError(try SweepFolder(root).prepare(try plan("[0]"))) { XCTAssertTrue("\($0)".contains("holds a plain run"), "\($0)") }
    }
}
