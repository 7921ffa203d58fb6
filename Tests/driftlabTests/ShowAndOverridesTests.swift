import Foundation
import XCTest

/// Hydra's habits on the built binary: bare key=value overrides equal `--set`, `show` prints
/// exactly what a run's spec.resolved.json holds, and `--version` names the commit.
final class ShowAndOverridesTests: XCTestCase {
    var folder: URL!
    let spec = #"""
        {"name": "tiny", "study": "time-smoothgrad", "data": {"kind": "ar-states", "features": 3, "stepsPerState": 200},
         "model": {"kind": "mlp", "hidden": [4]}, "training": {"epochs": 2, "batchSize": 32}, "figures": []}
        """#

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("show-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(spec.utf8).write(to: folder.appendingPathComponent("tiny.json"))
    }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    /// driftlab run in the test folder: status, stdout, stderr.
    func driftlab(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let beside = Bundle.main.bundleURL.appendingPathComponent("driftlab")
        let fromArgument = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("driftlab")
        guard let binary = [beside, fromArgument].first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw XCTSkip("driftlab binary not built beside the tests")
        }
        let p = Process()
        p.executableURL = binary
        p.arguments = arguments
        p.currentDirectoryURL = folder
        let out = Pipe(), err = Pipe()
        (p.standardOutput, p.standardError) = (out, err)
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    func testABareOverrideEqualsSetAndShowIsTheResolvedSpec() throws {
        let bare = try driftlab(["show", "tiny.json", "training.epochs=3", "seed=4"])
        let set = try driftlab(["show", "tiny.json", "--set", "training.epochs=3", "--set", "seed=4"])
        XCTAssertEqual(bare.status, 0, bare.err)
        XCTAssertEqual(bare.out, set.out)
        XCTAssertTrue(bare.out.contains(#""epochs": 3"#) && bare.out.contains(#""seed": 4"#), bare.out)
        XCTAssertTrue(bare.out.contains(#""lr": 0.001"#), "defaults are filled in: \(bare.out)")

        let run = try driftlab(["run", "tiny.json", "training.epochs=3", "seed=4", "--out", "run"])
        XCTAssertEqual(run.status, 0, run.err)
        let written = try String(contentsOf: folder.appendingPathComponent("run/spec.resolved.json"), encoding: .utf8)
        XCTAssertEqual(written + "\n", bare.out)
        XCTAssertEqual(try driftlab(["validate", "tiny.json", "training.epochs=3"]).status, 0)
    }

    func testWhatIsNotAnOverrideIsAUsageErrorAndABadValueABadSpec() throws {
        let notOverride = try driftlab(["show", "tiny.json", "epochs"])
        XCTAssertEqual(notOverride.status, 64)
        XCTAssertTrue(notOverride.err.contains("key=value"), notOverride.err)
        let bad = try driftlab(["show", "tiny.json", "training.epochs=0"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.err.contains("training.epochs"), bad.err)
    }

    func testVersionNamesTheCommit() throws {
        let v = try driftlab(["--version"])
        XCTAssertEqual(v.status, 0)
        XCTAssertTrue(v.out.range(of: #"^0\.1\.0 \((commit [0-9a-f]{40}|not built in a git checkout)\)\n$"#, options: .regularExpression) != nil, v.out)
    }
}
