import Foundation
import XCTest
import NeuralNet
import Tensors
@testable import Experiments

/// The comparisons `driftlab verify` makes, on small hand-made files.
final class FileDifferenceTests: XCTestCase {
    var root: URL!
    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("difference-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: root) }

    func tensor(_ values: [Float], _ shape: [Int]) -> Tensor {
        let t = Tensor(uninitialized: Shape(shape))
        for (i, v) in values.enumerated() { t.data[i] = v }
        return t
    }

    func testArraysGiveMaxAbsoluteAndRelativeDifferenceAndTheCount() throws {
        let a = root.appendingPathComponent("a.npy"), b = root.appendingPathComponent("b.npy")
        try NumpyArray.write(tensor([1, 2, -4, 0, 0, .nan, 7], [7]), to: a)
        try NumpyArray.write(tensor([1, 2.5, -3, -0.0, 0, 1, 7], [7]), to: b)
        guard case .array(let d)? = FileDifference.compare(recorded: a, now: b, path: "x/a.npy") else { return XCTFail() }
        // |2 − 2.5| = 0.5 (relative 0.5 / 2.5 = 0.2); |−4 − (−3)| = 1 (relative 1 / 4 = 0.25);
        // 0 vs −0 differ in bits only; NaN vs 1 is counted apart.
        XCTAssertEqual(d.elements, 7)
        XCTAssertEqual(d.differing, 4)
        XCTAssertEqual(d.maxAbsolute, 1)
        XCTAssertEqual(d.maxRelative, 0.25)
        XCTAssertEqual(d.nonFinite, 1)
        XCTAssertEqual(d.summary, "4 of 7 elements differ; max |Δ| 1, max relative 0.25; 1 with NaN or infinity on one side")

        try NumpyArray.write(tensor([1, 2, -4, 0, 0, 1], [2, 3]), to: b)
        guard case .array(let reshaped)? = FileDifference.compare(recorded: a, now: b, path: "a.npy") else { return XCTFail() }
        XCTAssertTrue(reshaped.shapesDiffer)
        XCTAssertEqual(reshaped.summary, "shape [7] → [2, 3]")

        try NumpyArray.write(tensor([1, 2, -4, 0, 0, .nan, 7], [7]), to: b)
        XCTAssertNil(FileDifference.compare(recorded: a, now: b, path: "a.npy"))
    }

    func testTablesListTheChangedCellsFirstTenThenACount() throws {
        let recorded = "method,score,note\ngradient,0.912,\"a, b\"\nsaliency,0.5,x\n"
        let now = "method,score,note\ngradient,0.913,\"a, c\"\nsaliency,0.5,x\nextra,1,y\n"
        let d = TableDifference.compare(recorded: Data(recorded.utf8), now: Data(now.utf8))
        XCTAssertEqual(d.cells, [.init(row: 1, column: "score", before: "0.912", now: "0.913"),
                                 .init(row: 1, column: "note", before: "a, b", now: "a, c")])
        XCTAssertEqual(d.recordedRows, 2)
        XCTAssertEqual(d.nowRows, 3)
        XCTAssertEqual(d.lines(), ["rows: 2 → 3", "row 1, column \"score\": 0.912 → 0.913", "row 1, column \"note\": a, b → a, c"])

        let many = (1...12).map { "\($0)" }.joined(separator: "\n")
        let changed = TableDifference.compare(recorded: Data(("i\n" + many + "\n").utf8),
                                              now: Data(("i\n" + (1...12).map { "\($0 * 10)" }.joined(separator: "\n") + "\n").utf8))
        XCTAssertEqual(changed.cells.count, 12)
        let lines = changed.lines()
        XCTAssertEqual(lines.count, 11)
        XCTAssertEqual(lines.first, "row 1, column \"i\": 1 → 10")
        XCTAssertEqual(lines.last, "… and 2 more changed cells")
        XCTAssertEqual(TableDifference.records(Data("a,\"say \"\"hi\"\"\"\r\n1,2".utf8)), [["a", "say \"hi\""], ["1", "2"]])
    }

    func testCheckpointsNameTheWorstTensor() throws {
        var a = SafetensorsFile(metadata: ["epoch": "2", "history": "h1"])
        a.tensors["fc1.weight"] = SafetensorsTensor(tensor([1, 2], [2]))
        a.tensors["fc2.weight"] = SafetensorsTensor(tensor([4, 8], [2]))
        a.tensors["same"] = SafetensorsTensor(tensor([3], [1]))
        a.tensors["gone"] = SafetensorsTensor(tensor([3], [1]))
        a.tensors["generator.state"] = SafetensorsTensor(uint64: [1, 2, 3, 4])
        var b = a
        b.metadata["history"] = "h2"
        b.tensors["fc1.weight"] = SafetensorsTensor(tensor([1, 2.25], [2]))  // relative 0.25 / 2.25 = 1/9
        b.tensors["fc2.weight"] = SafetensorsTensor(tensor([5, 8], [2]))     // relative 1 / 5 = 0.2
        b.tensors["gone"] = nil
        b.tensors["new"] = SafetensorsTensor(tensor([3], [1]))
        b.tensors["generator.state"] = SafetensorsTensor(uint64: [1, 2, 3, 5])
        let ua = root.appendingPathComponent("a.safetensors"), ub = root.appendingPathComponent("b.safetensors")
        try a.write(to: ua)
        try b.write(to: ub)
        guard case .checkpoint(let d)? = FileDifference.compare(recorded: ua, now: ub, path: "checkpoints/epoch-0002.safetensors") else {
            return XCTFail()
        }
        XCTAssertEqual(d.tensors.map(\.name), ["fc1.weight", "fc2.weight", "generator.state"])
        XCTAssertEqual(d.worst?.name, "fc2.weight")
        XCTAssertEqual(d.worst?.difference.maxRelative, 0.2)
        guard case .values(let fc1) = d.tensors[0].kind else { return XCTFail() }
        XCTAssertEqual(fc1.maxRelative, 1.0 / 9, accuracy: 1e-15)
        XCTAssertEqual(d.tensors[2].kind, .integers(differing: 1, of: 4))
        XCTAssertEqual(d.missing, ["gone"])
        XCTAssertEqual(d.extra, ["new"])
        XCTAssertEqual(d.metadata, ["history"])
        XCTAssertEqual(d.summary, "3 tensors differ, worst fc2.weight (max relative 0.2); missing tensors: gone; extra tensors: new; metadata differs: history")
    }

    func testTheFirstDifferingCheckpointOfEachTraining() {
        let outputs = (1...5).map { RunDirectory.checkpointName(epoch: $0) }
            + (1...3).map { "seeds/seed-1/" + RunDirectory.checkpointName(epoch: $0) } + ["train/metrics.csv"]
        let differences = [FileDifference(path: RunDirectory.checkpointName(epoch: 5), kind: .bytes),
                           FileDifference(path: RunDirectory.checkpointName(epoch: 3), kind: .bytes),
                           FileDifference(path: "seeds/seed-1/" + RunDirectory.checkpointName(epoch: 1), kind: .bytes),
                           FileDifference(path: "train/metrics.csv", kind: .bytes)]
        XCTAssertEqual(VerificationReport.divergences(differences, outputs: outputs), [
            .init(folder: "checkpoints", firstEpoch: 3, identicalBefore: 2, checkpoints: 5),
            .init(folder: "seeds/seed-1/checkpoints", firstEpoch: 1, identicalBefore: 0, checkpoints: 3)])
    }

    func testOtherFilesJustDiffer() throws {
        let a = root.appendingPathComponent("a.png"), b = root.appendingPathComponent("b.png")
        try Data([1, 2, 3]).write(to: a)
        try Data([1, 2, 4]).write(to: b)
        XCTAssertEqual(FileDifference.compare(recorded: a, now: b, path: "figures/a.png"), .bytes)
        XCTAssertEqual(FileDifference(path: "figures/a.png", kind: .bytes).lines, ["figures/a.png: differs"])
    }
}
