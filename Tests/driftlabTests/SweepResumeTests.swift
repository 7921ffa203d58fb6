import Foundation
import XCTest

/// A local sweep killed with SIGKILL between members: the rerun skips the finished member
/// without touching it, resumes the rest, and ends with the aggregate of an uninterrupted sweep
/// (run with --jobs 2, so the child-process executor gives the same bytes as the in-process one).
final class SweepResumeTests: DriftlabProcessTestCase {
    var spec: String { Self.packageRoot.appendingPathComponent("experiments/golden/ar-states-golden.json").path }
    let sweep = ["training.epochs=12", "data.stepsPerState=3000", "--sweep", "seed=0..2", "--threads", "1"]

    func files(_ relative: String) throws -> [String: Data] {
        let root = folder.appendingPathComponent(relative)
        var found: [String: Data] = [:]
        for case let url as URL in FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)! where !url.hasDirectoryPath {
            found[String(url.path.dropFirst(root.path.count))] = try Data(contentsOf: url)
        }
        return found
    }

    func testAKilledSweepResumesWithoutRerunningFinishedMembers() throws {
        let reference = try driftlab(["run", spec] + sweep + ["--out", "reference", "--jobs", "2", "--quiet"])
        XCTAssertEqual(reference.status, 0, reference.stderr)

        let (sweeping, _) = try process(["run", spec] + sweep + ["--out", "killed", "--quiet"])
        try sweeping.run()
        // seed-1's log appears when seed-0 has finished and seed-1 starts: kill then.
        let started = folder.appendingPathComponent("killed/members/seed-1/run.log").path
        for _ in 0..<6000 where !FileManager.default.fileExists(atPath: started) && sweeping.isRunning { usleep(10_000) }
        kill(sweeping.processIdentifier, SIGKILL)
        sweeping.waitUntilExit()
        XCTAssertEqual(sweeping.terminationReason, .uncaughtSignal, "the sweep ended before it was killed")
        let finished = try files("killed/members/seed-0")
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("killed/aggregate").path))

        let resumed = try driftlab(["run", spec] + sweep + ["--out", "killed"])
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertTrue(resumed.stderr.contains("seed-0: finished before, skipped"), resumed.stderr)
        XCTAssertFalse(resumed.stderr.contains("== seed-0"), resumed.stderr)
        XCTAssertEqual(try files("killed/members/seed-0"), finished, "seed-0's folder, run.log and manifest included, is untouched")
        let aggregate = try files("killed/aggregate")
        XCTAssertTrue(aggregate.keys.contains("/tables/table2.md"), "\(aggregate.keys.sorted())")
        XCTAssertEqual(aggregate, try files("reference/aggregate"))
    }
}
