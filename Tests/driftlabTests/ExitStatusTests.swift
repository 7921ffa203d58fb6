import Foundation
import XCTest

/// The exit statuses the README and `driftlab --help` document, checked on the built binary
/// (next to the test bundle): 0 done, 1 refused or failed, 2 bad input, 64 usage.
final class ExitStatusTests: DriftlabProcessTestCase {
    func write(_ bytes: [UInt8], _ name: String) throws -> String {
        try Data(bytes).write(to: folder.appendingPathComponent(name))
        return name
    }

    var spec: String { Self.packageRoot.appendingPathComponent("experiments/golden/ar-states-golden.json").path }

    func testBadInputFilesExitTwo() throws {
        let missing = try driftlab(["validate", "absent.json"])
        XCTAssertEqual(missing.status, 2, missing.stderr)
        XCTAssertTrue(missing.stderr.contains("absent.json: cannot read: no such file"), missing.stderr)

        let notUTF8 = try write(Array(#"{"name": ""#.utf8) + [0xFF] + Array(#""}"#.utf8), "bad.json")
        let spec = try driftlab(["validate", notUTF8])
        XCTAssertEqual(spec.status, 2, spec.stderr)
        XCTAssertTrue(spec.stderr.contains("not UTF-8 at byte 10"), spec.stderr)

        let npy = try write([0x93] + Array("NUMPY".utf8) + [1, 0, 0xFF, 0x7F], "x.npy")
        let attribute = try driftlab(["attribute", "--spec", self.spec, "--checkpoint", "c.safetensors", "--input", npy,
                                      "--method", "gradient", "--out", "maps.npy"])
        XCTAssertEqual(attribute.status, 2, attribute.stderr)
        XCTAssertTrue(attribute.stderr.contains("x.npy: truncated header"), attribute.stderr)
        XCTAssertFalse(attribute.stderr.contains("NSCocoaErrorDomain"), attribute.stderr)

        // `list` on a folder that is not there printed Foundation's words and exited 1.
        let list = try driftlab(["list", "--folder", "absent"])
        XCTAssertEqual(list.status, 2, list.stderr)
        XCTAssertEqual(list.stderr, "error: cannot read absent: no such folder\n")
    }

    func testRefusedRunExitsOne() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/flock") else { throw XCTSkip("no /usr/bin/flock") }
        let run = folder.appendingPathComponent("run")
        try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true)
        // flock(1) holds the lock while `sleep` (which wrote its pid into the file) runs.
        let lock = run.appendingPathComponent(".lock").path
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        holder.arguments = [lock, "/bin/sh", "-c", "echo $$ > '\(lock)'; exec sleep 60"]
        try holder.run()
        var pid: Int32?
        for _ in 0..<200 where pid == nil {
            pid = Int32(((try? String(contentsOfFile: lock, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines))
            if pid == nil { usleep(25_000) }
        }
        defer {
            if let pid { kill(pid, SIGKILL) }
            holder.waitUntilExit()
        }
        let refused = try driftlab(["run", spec, "--out", run.path])
        XCTAssertEqual(refused.status, 1, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("is in use by another driftlab run (pid \(pid ?? -1))"), refused.stderr)
    }

    func testABadSweepValueExitsTwoBeforeAnyMemberStarts() throws {
        let bad = try driftlab(["run", spec, "--sweep", "seed=0..1", "--sweep", "training.optimizer.lr=0.01,-1", "--out", "sweep"])
        XCTAssertEqual(bad.status, 2, bad.stderr)
        XCTAssertEqual(bad.stderr, "error: --sweep: sweep.training.optimizer.lr[1]: must be > 0, got -1\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("sweep").path), "nothing may start")
        XCTAssertEqual(try driftlab(["run", spec, "--executor", "slurm"]).status, 64, "--executor without a sweep is a usage error")

        let sweep = try driftlab(["run", spec, "training.epochs=2", "--sweep", "seed=0..1", "--out", "sweep", "--quiet"])
        XCTAssertEqual(sweep.status, 0, sweep.stderr)
        let status = try driftlab(["status", "sweep"])
        XCTAssertEqual(status.status, 0, status.stderr)
        XCTAssertEqual(try driftlab(["aggregate", "sweep"]).status, 0)
        XCTAssertEqual(try driftlab(["status", "absent"]).status, 1)
        XCTAssertEqual(try driftlab(["validate", spec, "--sweep", "seed=0..1"]).status, 64, "validate takes no --sweep")
    }

    func testUsageErrorsExitSixtyFourAndHelpListsTheStatuses() throws {
        XCTAssertEqual(try driftlab(["run", "--no-such-option"]).status, 64)
        let p = Process()
        p.executableURL = try binary()
        p.arguments = ["--help"]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let help = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        for line in ["Exit status:", "0   done", "1   run refused or failed", "2   bad input", "64  usage error"] {
            XCTAssertTrue(help.contains(line), "--help lacks \(line):\n\(help)")
        }
    }
}
