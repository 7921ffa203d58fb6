import Foundation
import XCTest
import NeuralNet
import Tensors
@testable import Experiments

/// `driftlab verify` end to end on a tiny paper-000 run through the real pipeline.
final class VerificationTests: XCTestCase {
    var root: URL!
    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("verify-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: root) }

    let environment = RunEnvironment(version: "test", gitCommit: nil, threads: 2)

    /// A finished run of a tiny AR-states spec, as `driftlab run` leaves it.
    func finishedRun() throws -> RunDirectory {
        let text = """
            {"name": "tiny-verify", "study": "time-smoothgrad", "data": {"kind": "ar-states", "states": 3, "features": 4, "stepsPerState": 200},
             "model": {"kind": "mlp", "hidden": [8]}, "training": {"epochs": 3, "batchSize": 32, "snapshots": {"every": 1}},
             "attribution": [{"method": "gradient"}, {"method": "time-smoothgrad", "window": 5}],
             "metrics": ["regression"], "figures": ["training-curves"]}
            """
        let spec = try ExperimentSpec(SpecReader(try JSONValue.parse(Data(text.utf8)), file: "t.json"))
        let dir = RunDirectory(root.appendingPathComponent("results/tiny-verify"))
        _ = try Runner(spec: spec, directory: dir, environment: environment, stages: try spec.stages()).run(force: false) { _ in }
        return dir
    }

    func verify(_ dir: RunDirectory, threads: Int = 2, keep: Bool = false) throws -> VerificationReport {
        try Verification.run(dir.root, scratch: root.appendingPathComponent("scratch"), keep: keep,
                             environment: RunEnvironment(version: "test", gitCommit: nil, threads: threads)) { _ in }
    }

    func testAnUntouchedRunIsReproducedAndEditsAreReportedExactly() throws {
        let dir = try finishedRun()
        let files = try Manifest.decode(try dir.read("manifest.json")).outputs.count
        let report = try verify(dir, threads: 1)
        XCTAssertTrue(report.reproduced, report.text)
        XCTAssertEqual(report.files, files)
        XCTAssertTrue(report.text.hasPrefix("reproduced bit for bit: \(files) files\n"), report.text)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("scratch").path), [],
                       "the scratch run is removed")

        // One byte of an array's data (the last float's top byte: sign and exponent) and one table cell.
        let array = "attributions/epoch-0003/gradient.npy"
        var bytes = [UInt8](try dir.read(array))
        let original = try dir.readArray(array)
        bytes[bytes.count - 1] ^= 0x80
        try Data(bytes).write(to: dir.root.appendingPathComponent(array))
        let table = "tables/table1.csv"
        var lines = String(decoding: try dir.read(table), as: UTF8.self).components(separatedBy: "\n")
        var cells = lines[1].components(separatedBy: ",")
        let before = cells[1]
        cells[1] = "9.999"
        lines[1] = cells.joined(separator: ",")
        try Data(lines.joined(separator: "\n").utf8).write(to: dir.root.appendingPathComponent(table))
        let header = lines[0].components(separatedBy: ",")

        let edited = try verify(dir)
        XCTAssertFalse(edited.reproduced)
        XCTAssertEqual(edited.differences.map(\.path), [array, table], edited.text)
        XCTAssertTrue(edited.differences.allSatisfy(\.editedSinceRun))
        guard case .array(let d) = edited.differences[0].kind else { return XCTFail(edited.text) }
        XCTAssertEqual(d.differing, 1)
        XCTAssertEqual(d.elements, original.count)
        let last = Double(original.data[original.count - 1])
        XCTAssertEqual(d.maxAbsolute, 2 * abs(last))
        XCTAssertEqual(d.maxRelative, 2)
        guard case .table(let t) = edited.differences[1].kind else { return XCTFail(edited.text) }
        XCTAssertEqual(t.cells, [.init(row: 1, column: header[1], before: "9.999", now: before)])
        XCTAssertTrue(edited.checkpoints.isEmpty)
        XCTAssertTrue(edited.text.contains("  tables/table1.csv: 1 changed cell\n      row 1, column \"\(header[1])\": 9.999 → \(before)\n"), edited.text)
    }

    func testACheckpointThatDiffersNamesItsWorstTensorAndTheFirstEpoch() throws {
        let dir = try finishedRun()
        // Epoch 2's fc2.weight scaled by 1.5 (and the manifest told so, as if the run had computed it).
        let path = RunDirectory.checkpointName(epoch: 2)
        let url = dir.root.appendingPathComponent(path)
        var file = try SafetensorsFile.read(from: url)
        let weight = file.tensors["fc2.weight"]!.tensor()!
        for i in 0..<weight.count { weight.data[i] *= 1.5 }
        file.tensors["fc2.weight"] = SafetensorsTensor(weight)
        try file.write(to: url)
        var manifest = try Manifest.decode(try dir.read("manifest.json"))
        manifest.outputs[path] = try SHA256.hex(file: url)
        try manifest.encoded().write(to: dir.manifest)

        let report = try verify(dir, keep: true)
        XCTAssertEqual(report.differences.map(\.path), [path], report.text)
        XCTAssertFalse(report.differences[0].editedSinceRun)
        guard case .checkpoint(let c) = report.differences[0].kind else { return XCTFail(report.text) }
        XCTAssertEqual(c.tensors.map(\.name), ["fc2.weight"])
        XCTAssertEqual(c.worst!.difference.maxRelative, 1.0 / 3, accuracy: 1e-6)
        XCTAssertEqual(report.checkpoints, [.init(folder: "checkpoints", firstEpoch: 2, identicalBefore: 1, checkpoints: 3)])
        XCTAssertTrue(report.text.contains("  checkpoints: the first checkpoint that differs is epoch 2, the 1 before it is identical (3 kept)\n"),
                      report.text)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("scratch").path).count, 1,
                       "--keep keeps the re-run")
        XCTAssertTrue(report.notes.contains { $0.contains("kept in") }, "\(report.notes)")
    }

    func testBadInputNamesTheFile() throws {
        func failure(_ folder: URL) -> String {
            do { _ = try Verification.run(folder, environment: environment) { _ in }; return "no error" } catch { return "\(error)" }
        }
        XCTAssertTrue(failure(root.appendingPathComponent("absent")).contains("is not a run folder"))
        XCTAssertTrue(failure(root).contains("manifest.json does not exist"))

        let dir = try finishedRun()
        // A scratch folder that cannot be made was reported in Foundation's words.
        let aFile = root.appendingPathComponent("a-file")
        try Data("x".utf8).write(to: aFile)
        XCTAssertThrowsError(try Verification.run(dir.root, scratch: aFile.appendingPathComponent("scratch"), environment: environment) { _ in }) {
            XCTAssertEqual("\($0)", "scratch folder \(aFile.path)/scratch: \(aFile.path) is a file, not a folder")
        }
        try Data("{".utf8).write(to: dir.resolvedSpec)
        XCTAssertTrue(failure(dir.root).contains("spec.resolved.json: its sha256 is not the manifest's specHash"), failure(dir.root))
        try FileManager.default.removeItem(at: dir.resolvedSpec)
        XCTAssertTrue(failure(dir.root).contains("spec.resolved.json: cannot read"), failure(dir.root))
        try Data("not json".utf8).write(to: dir.manifest)
        XCTAssertTrue(failure(dir.root).contains("manifest.json: not a driftlab manifest: "), failure(dir.root))
        XCTAssertFalse(failure(dir.root).contains("dataCorrupted"), failure(dir.root))
    }

    func testAnUnfinishedRunIsNotVerified() throws {
        let dir = try finishedRun()
        var manifest = try Manifest.decode(try dir.read("manifest.json"))
        manifest.stages.removeAll { $0.name == "figures" }
        try manifest.encoded().write(to: dir.manifest)
        XCTAssertThrowsError(try verify(dir)) { XCTAssertTrue("\($0)".contains("stages not finished: figures"), "\($0)") }
    }
}
