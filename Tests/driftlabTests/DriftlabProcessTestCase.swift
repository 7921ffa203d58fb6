import Foundation
import XCTest

/// Tests that run the built driftlab binary (next to the test bundle) in a temporary folder.
class DriftlabProcessTestCase: XCTestCase {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("exit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func binary() throws -> URL {
        let beside = Bundle.main.bundleURL.appendingPathComponent("driftlab")
        let fromArgument = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("driftlab")
        for url in [beside, fromArgument] where FileManager.default.isExecutableFile(atPath: url.path) { return url }
        throw XCTSkip("driftlab binary not built beside the tests")
    }

    /// driftlab with `arguments`, started in the test folder, its stderr into a pipe.
    func process(_ arguments: [String]) throws -> (process: Process, stderr: Pipe) {
        let p = Process()
        p.executableURL = try binary()
        p.arguments = arguments
        p.currentDirectoryURL = folder
        let err = Pipe()
        p.standardError = err
        p.standardOutput = Pipe()
        return (p, err)
    }

    /// Runs driftlab in the test folder; returns its status and stderr.
    func driftlab(_ arguments: [String]) throws -> (status: Int32, stderr: String) {
        let (p, err) = try process(arguments)
        try p.run()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return (p.terminationStatus, text)
    }
}
