import Foundation
import XCTest
import Tensors
@testable import Experiments

/// RunLock.swift: one run per folder at a time; a dead holder never blocks.
final class RunLockTests: RunTestCase {
    func testSecondRunIntoTheSameFolderIsRefusedNamingFolderAndPid() throws {
        let dir = RunDirectory(root)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let held = try RunLock(folder: root)
        XCTAssertThrowsError(try run(try tinySpec(), dir, [TinyRegressionData()])) { error in
            guard case RunError.locked(let folder, let pid) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(folder, root.relativePath)
            XCTAssertEqual(pid, getpid())
            XCTAssertTrue("\(error)".contains("in use by another driftlab run (pid \(getpid()))"), "\(error)")
        }
        held.release()
        XCTAssertEqual(try run(try tinySpec(), dir, [TinyRegressionData()]), .ran(["data"]))
        // The lock is no output, and the finished run leaves no pid in it.
        let manifest = try Manifest.decode(try dir.read("manifest.json"))
        XCTAssertNil(manifest.outputs[RunLock.name])
        XCTAssertEqual(try dir.read(RunLock.name), Data())
    }

    /// Another process holds the lock (flock(1) runs `sleep` with it): refused with its pid.
    /// When that process dies the kernel drops the lock, and a run goes ahead.
    func testLockOfAnotherProcessBlocksUntilItDies() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/flock") else { throw XCTSkip("no /usr/bin/flock") }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let lockFile = root.appendingPathComponent(RunLock.name).path
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        holder.arguments = [lockFile, "/bin/sh", "-c", "echo $$ > '\(lockFile)'; exec sleep 60"]
        try holder.run()
        defer { if holder.isRunning { holder.terminate() } }
        var child: Int32?
        for _ in 0..<200 where child == nil {
            child = Int32(((try? String(contentsOfFile: lockFile, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines))
            if child == nil { usleep(25_000) }
        }
        let pid = try XCTUnwrap(child, "the child never wrote its pid")
        let dir = RunDirectory(root)
        XCTAssertThrowsError(try run(try tinySpec(), dir, [TinyRegressionData()])) { error in
            guard case RunError.locked(_, let holderPid) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(holderPid, pid)
        }
        kill(pid, SIGKILL)  // sleep holds the inherited descriptor; flock(1) exits when it dies
        holder.waitUntilExit()
        XCTAssertEqual(try run(try tinySpec(), dir, [TinyRegressionData()]), .ran(["data"]))
    }

    /// A lock file left by a dead process (its pid still in it) does not block.
    func testStaleLockFileOfADeadProcessDoesNotBlock() throws {
        try write("999999\n", RunLock.name, in: root)
        XCTAssertEqual(try run(try tinySpec(), RunDirectory(root), [TinyRegressionData()]), .ran(["data"]))
    }

}
