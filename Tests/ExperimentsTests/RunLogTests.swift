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
}
