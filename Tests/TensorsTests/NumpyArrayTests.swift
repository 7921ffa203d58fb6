import Foundation
import XCTest
@testable import Tensors

final class NumpyArrayTests: XCTestCase {
    func testRoundTripAndHeaderAlignment() throws {
        let t = Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5, -6.5])
        let data = NumpyArray.encode(t)
        XCTAssertEqual((data.count - 24) % 64, 0)  // header block is a multiple of 64 bytes
        let back = try NumpyArray.decode(data, file: "t.npy")
        XCTAssertEqual(back.shape, [2, 3])
        XCTAssertEqual(back.array, t.array)
        let vector = try NumpyArray.decode(NumpyArray.encode(Tensor(shape: [3], values: [1, 2, 3])), file: "v.npy")
        XCTAssertEqual(vector.shape, [3])
    }

    /// NumPy itself reads the file (skipped where python3/numpy are missing).
    func testNumpyReadsIt() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("np-\(UUID().uuidString).npy")
        defer { try? FileManager.default.removeItem(at: url) }
        try NumpyArray.write(Tensor(shape: [2, 2], values: [1, 2, 3, 4.5]), to: url)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import numpy as np, sys; a = np.load(sys.argv[1]); print(a.dtype, a.shape, a.sum())", url.path]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = Pipe()
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw XCTSkip("python3 with numpy not available") }
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertEqual(text.trimmingCharacters(in: .whitespacesAndNewlines), "float32 (2, 2) 10.5")
    }

    func testRejectsWrongDtype() {
        var data = NumpyArray.encode(Tensor(shape: [1], values: [1]))
        let range = data.range(of: Data("<f4".utf8))!
        data.replaceSubrange(range, with: Data("<i4".utf8))
        XCTAssertThrowsError(try NumpyArray.decode(data, file: "x.npy")) { XCTAssertTrue("\($0)".contains("x.npy: expected dtype float32"), "\($0)") }
    }

    func testAtomicWriteLeavesNoTemporaryFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("atomic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try AtomicFile.write(Data("hello".utf8), to: dir.appendingPathComponent("a.txt"))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["a.txt"])
        XCTAssertThrowsError(try AtomicFile.write(Data(), to: dir.appendingPathComponent("missing/b.txt")))
    }
}
