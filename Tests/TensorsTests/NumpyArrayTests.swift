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

    func testRejectsOtherDtypes() {
        for descr in [">f4", "<c8", "<U3", "|O"] {
            var data = NumpyArray.encode(Tensor(shape: [1], values: [1]))
            let range = data.range(of: Data("<f4".utf8))!
            data.replaceSubrange(range, with: Data(descr.utf8))
            XCTAssertThrowsError(try NumpyArray.decode(data, file: "x.npy"), descr) {
                XCTAssertTrue("\($0)".contains("x.npy: expected dtype '<f4', '<f8', '<i4', '<i8', '|u1', '|b1'"), "\($0)")
            }
        }
    }

    /// What NumPy writes by default for floats, integers, bytes and booleans loads, as Float32.
    func testEveryDefaultDtypeLoads() throws {
        func file(_ descr: String, _ payload: [UInt8], shape: String) -> Data {
            var data = npy(header: "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shape), }", dataBytes: 0)
            data.append(contentsOf: payload)
            return data
        }
        func bytes<T>(_ values: [T]) -> [UInt8] { values.withUnsafeBytes { Array($0) } }
        let cases: [(String, [UInt8], [Float])] = [
            ("<f8", bytes([1.5, -2.0] as [Double]), [1.5, -2]),
            ("<i4", bytes([7, -3] as [Int32]), [7, -3]),
            ("<i8", bytes([9, 123_456] as [Int64]), [9, 123_456]),
            ("|u1", [0, 255], [0, 255]),
            ("|b1", [1, 0], [1, 0]),
        ]
        for (descr, payload, expected) in cases {
            let t = try NumpyArray.decode(file(descr, payload, shape: "(2,)"), file: "\(descr).npy")
            XCTAssertEqual(t.shape.dims, [2], descr)
            XCTAssertEqual(t.array, expected, descr)
        }
        // Sizes are checked with the element's own width.
        XCTAssertThrowsError(try NumpyArray.decode(file("<i8", bytes([1] as [Int64]), shape: "(2,)"), file: "short.npy")) {
            XCTAssertTrue("\($0)".contains("expected 16 data bytes"), "\($0)")
        }
    }

    /// The same through NumPy's own writer (skipped where python3/numpy are missing).
    func testNumpysDefaultIntegerArraysLoad() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("np-\(UUID().uuidString).npy")
        defer { try? FileManager.default.removeItem(at: url) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import numpy as np, sys; np.save(sys.argv[1], np.array([[3, 1], [4, 1]]))", url.path]
        p.standardError = Pipe()
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw XCTSkip("python3 with numpy not available") }
        let t = try NumpyArray.read(url)
        XCTAssertEqual(t.shape.dims, [2, 2])
        XCTAssertEqual(t.array, [3, 1, 4, 1])
    }

    /// A version-1 .npy with a hand-written header and `dataBytes` zero bytes of data.
    func npy(header: String, dataBytes: Int) -> Data {
        var h = header
        h += String(repeating: " ", count: (64 - (10 + h.utf8.count + 1) % 64) % 64) + "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        withUnsafeBytes(of: UInt16(h.utf8.count).littleEndian) { data.append(contentsOf: $0) }
        return data + Data(h.utf8) + Data(count: dataBytes)
    }

    /// Damaged headers are errors naming the file and what was expected, checked before any
    /// allocation: none of these may trap or ask for exabytes.
    func testDamagedHeadersAreErrorsNotTraps() {
        let cases: [(String, Data, String)] = [
            ("negative", npy(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (2, -3), }", dataBytes: 8),
             "shape (2, -3) has extent '-3', expected a non-negative integer"),
            ("overflow", npy(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (4611686018427387904, 4), }", dataBytes: 8),
             "shape [4611686018427387904, 4] has more elements than any file holds; found 8 data bytes"),
            ("huge", npy(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (1000000000000,), }", dataBytes: 8),
             "expected 4000000000000 data bytes for shape [1000000000000], found 8"),
            ("not a number", npy(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (2, x), }", dataBytes: 8),
             "shape (2, x) has extent 'x', expected a non-negative integer"),
            ("too big for Int", npy(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,), }", dataBytes: 8),
             "extent '99999999999999999999', expected a non-negative integer"),
            ("version", Data([0x93] + Array("NUMPY".utf8) + [9, 0, 0, 0]), "unknown .npy format version 9.0"),
            ("cut header", Data([0x93] + Array("NUMPY".utf8) + [1, 0, 0xFF, 0x7F, 0x7B]),
             "truncated header: it should end at byte 32777, the file is 11 bytes"),
        ]
        for (label, data, expected) in cases {
            XCTAssertThrowsError(try NumpyArray.decode(data, file: "bad.npy"), label) { error in
                XCTAssertTrue("\(error)".hasPrefix("bad.npy: "), "\(label): \(error)")
                XCTAssertTrue("\(error)".contains(expected), "\(label): \(error)")
            }
        }
        // A scalar and an empty array are fine.
        XCTAssertEqual(try NumpyArray.decode(npy(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (), }", dataBytes: 4),
                                             file: "s.npy").shape, [])
        XCTAssertEqual(try NumpyArray.decode(npy(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (0, 3), }", dataBytes: 0),
                                             file: "e.npy").shape, [0, 3])
    }

    /// Random byte changes and cuts of a valid file: each decode returns or throws, never traps.
    func testMangledFilesNeverTrap() {
        let valid = [UInt8](NumpyArray.encode(Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6])))
        let g = Generator(seed: 9)
        for round in 0..<3000 {
            var bytes = valid
            if round % 3 == 0 {
                bytes = Array(bytes.prefix(Int(g.next() % UInt64(bytes.count))))
            } else {
                for _ in 0..<(1 + Int(g.next() % 4)) {
                    let i = Int(g.next() % UInt64(min(bytes.count, 80)))
                    bytes[i] = UInt8(truncatingIfNeeded: g.next())
                }
            }
            _ = try? NumpyArray.decode(Data(bytes), file: "m.npy")
        }
    }

    func testMissingFileIsSaidPlainly() {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("absent-\(UUID().uuidString).npy")
        XCTAssertThrowsError(try NumpyArray.read(url)) { XCTAssertEqual("\($0)", "\(url.path): cannot read: no such file") }
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
