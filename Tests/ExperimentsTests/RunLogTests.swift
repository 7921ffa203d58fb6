import Foundation
import XCTest
@testable import Experiments

/// Every run keeps RUN_DIR/run.log: what it reported, stage by stage, appended across resumes;
/// never an output, so it changes no hash and does not make the folder someone else's.
final class RunLogTests: RunTestCase {
    func log(_ dir: RunDirectory) throws -> [String] {
        String(decoding: try dir.read(RunLog.name), as: UTF8.self).split(separator: "\n").map(String.init)
    }

    func testARunAndItsResumeAreLoggedAndTheLogIsNoOutput() throws {
        let spec = try tinySpec()
        let dir = RunDirectory(root)
        _ = try run(spec, dir, try spec.stages())
        let first = try log(dir)
        XCTAssertTrue(first[0].contains("run of tiny"), first[0])
        XCTAssertTrue(first.contains { $0.hasSuffix("[train] started") })
        XCTAssertTrue(first.contains { $0.contains("epoch 5/5 loss") })
        XCTAssertTrue(first.last!.hasSuffix("done (data, train, attribute, metrics, tables, figures)"), first.last!)
        let hashes = try outputHashes(dir)
        XCTAssertNil(hashes[RunLog.name], "run.log is not in the manifest's outputs")

        _ = try run(spec, dir, try spec.stages())
        let second = try log(dir)
        XCTAssertEqual(Array(second.prefix(first.count)), first, "appended, not rewritten")
        XCTAssertTrue(second.last!.hasSuffix("already complete, nothing to do"))
        XCTAssertEqual(try outputHashes(dir), hashes)
    }

    func testAFolderWithOnlyALogResumes() throws {
        // A run killed before its first manifest leaves its lock and its log: still ours.
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try Data("2026-12-01T00:00:00Z run of tiny\n".utf8).write(to: root.appendingPathComponent(RunLog.name))
        let spec = try tinySpec()
        XCTAssertEqual(try run(spec, RunDirectory(root), try spec.stages()), .ran(["data", "train", "attribute", "metrics", "tables", "figures"]))
    }

    func testAFailureIsLogged() throws {
        let spec = try tinySpec()
        let dir = RunDirectory(root)
        _ = try run(spec, dir, try spec.stages())
        XCTAssertThrowsError(try run(try tinySpec(["seed=9"]), dir, try spec.stages()))
        let last = try log(dir).last!
        XCTAssertTrue(last.contains("stopped:"), last)
    }

    /// Progress of long loops: the time left is the mean per item so far times the items left,
    /// and run.log takes such lines at most once a minute (the first one at once).
    func testWorkProgressAndItsLogLines() throws {
        let clock = WorkClock("maps", total: 4)
        Thread.sleep(forTimeInterval: 0.05)
        guard case .work(let w) = clock.event(done: 1) else { return XCTFail("not a work event") }
        XCTAssertEqual(w.done, 1)
        XCTAssertEqual(w.total, 4)
        // ≥ 0.05 s for one item, so ≥ 0.15 s for the three left.
        XCTAssertGreaterThanOrEqual(w.secondsLeft, 0.15)
        guard case .work(let start) = clock.event(done: 0) else { return XCTFail("not a work event") }
        XCTAssertTrue(start.secondsLeft.isNaN, "no rate before the first item")
        XCTAssertEqual(ProgressDuration.text(.nan), "?")
        XCTAssertEqual(ProgressDuration.text(12.34), "12.3 s")
        XCTAssertEqual(ProgressDuration.text(600), "10 min")
        XCTAssertEqual(ProgressDuration.text(7200), "2.0 h")

        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let log = RunLog(folder: root)
        log.record(clock.event(done: 2))
        log.record(clock.event(done: 3))
        let lines = try self.log(RunDirectory(root))
        XCTAssertEqual(lines.count, 1, "\(lines)")
        XCTAssertTrue(lines[0].contains("maps 2/4, ") && lines[0].hasSuffix(" left"), lines[0])
    }
}
