import Foundation
import XCTest
import Tensors
@testable import NeuralNet

final class SafetensorsTests: XCTestCase {
    /// Floats that a lossy path would change: signed zero, infinity, subnormal, a NaN payload.
    static let awkwardFloats: [Float] = [0, -0.0, 1.5, -3.25e-7, .infinity, -.infinity,
                                         .leastNonzeroMagnitude, Float(bitPattern: 0x7FC0_1234)]

    func sample() -> SafetensorsFile {
        SafetensorsFile(tensors: [
            "layer.weight": SafetensorsTensor(Tensor(shape: [2, 4], values: Self.awkwardFloats)),
            "layer.num_batches_tracked": SafetensorsTensor(int64: 7),
            "counts": SafetensorsTensor(int64: [.min, -1, 0, .max], shape: [2, 2]),
            "generator.state": SafetensorsTensor(uint64: [0, 1, .max, 0x8000_0000_0000_0000, 42]),
            "empty": SafetensorsTensor(Tensor(zeros: [0, 3])),
        ], metadata: ["format": "driftlab-checkpoint-1", "note": "quote \" backslash \\ newline \n tab \t é ✓"])
    }

    func testRoundTripIsBitExact() throws {
        let url = try makeTemporaryDirectory().appendingPathComponent("a.safetensors")
        let original = sample()
        try original.write(to: url)
        let read = try SafetensorsFile.read(from: url)
        XCTAssertEqual(read.tensors, original.tensors)
        XCTAssertEqual(read.metadata, original.metadata)
        let weight = try XCTUnwrap(read.tensors["layer.weight"]?.tensor())
        XCTAssertEqual(weight.shape, [2, 4])
        XCTAssertEqual(weight.array.map(\.bitPattern), Self.awkwardFloats.map(\.bitPattern))
        XCTAssertEqual(read.tensors["layer.num_batches_tracked"]?.int64Values(), [7])
        XCTAssertEqual(read.tensors["layer.num_batches_tracked"]?.shape, [])
        XCTAssertEqual(read.tensors["counts"]?.int64Values(), [.min, -1, 0, .max])
        XCTAssertEqual(read.tensors["generator.state"]?.uint64Values(), [0, 1, .max, 0x8000_0000_0000_0000, 42])
        XCTAssertEqual(read.tensors["empty"]?.tensor()?.shape, [0, 3])
        XCTAssertNil(read.tensors["counts"]?.tensor(), "integers are not turned into weights")
        XCTAssertNil(read.tensors["layer.weight"]?.int64Values())
    }

    /// Same content built in another order gives the same bytes, laid out as Python's writer
    /// does: 8-byte-aligned header, larger dtypes first, then names in byte order.
    func testWritingIsDeterministicInPythonsOrder() throws {
        let dir = try makeTemporaryDirectory()
        let a = dir.appendingPathComponent("a.safetensors"), b = dir.appendingPathComponent("b.safetensors")
        try sample().write(to: a)
        var reordered = SafetensorsFile()
        for (name, tensor) in sample().tensors.sorted(by: { $0.key > $1.key }) { reordered.tensors[name] = tensor }
        for (key, value) in sample().metadata.reversed() { reordered.metadata[key] = value }
        try reordered.write(to: b)
        let bytes = try Data(contentsOf: a)
        XCTAssertEqual(bytes, try Data(contentsOf: b))
        XCTAssertEqual(sample().storageOrder,
                       ["generator.state", "counts", "layer.num_batches_tracked", "empty", "layer.weight"])
        let headerLength = Int(bytes.prefix(8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) })
        XCTAssertEqual(headerLength % 8, 0)
    }

    func testReadsHandBuiltFile() throws {
        // Tensors deliberately listed out of offset order, metadata last, padding spaces.
        let header = #"{"w":{"dtype":"F32","shape":[2],"data_offsets":[8,16]},"#
            + #""n":{"dtype":"I64","shape":[],"data_offsets":[0,8]},"__metadata__":{"k":"v"}}  "#
        var data: [UInt8] = [5, 0, 0, 0, 0, 0, 0, 0]     // n = 5
        data += [0x00, 0x00, 0x80, 0x3F]                // 1.0
        data += [0x00, 0x00, 0x20, 0xC0]                // -2.5
        let url = try write(header: header, data: data)
        let file = try SafetensorsFile.read(from: url)
        XCTAssertEqual(file.metadata, ["k": "v"])
        XCTAssertEqual(file.tensors["w"]?.tensor()?.array, [1, -2.5])
        XCTAssertEqual(file.tensors["n"]?.int64Values(), [5])
    }

    func testFloatConversions() {
        let doubles: [Double] = [0.1, -2, 1e-50, 3e38]
        let f64 = SafetensorsTensor(dtype: .f64, shape: [4], bytes: doubles.withUnsafeBytes { Data($0) })
        XCTAssertEqual(f64.tensor()?.array, doubles.map { Float($0) })
        let halves: [UInt16] = [0x3C00, 0xC000, 0x0001, 0x7BFF, 0x7C00, 0x3555, 0x8000]
        let f16 = SafetensorsTensor(dtype: .f16, shape: [7], bytes: halves.withUnsafeBytes { Data($0) })
        XCTAssertEqual(f16.tensor()?.array, [1, -2, 0x1p-24, 65504, .infinity, 0.333251953125, -0.0])
        XCTAssertEqual(f16.tensor()?.array.last?.sign, .minus)
        let brains: [UInt16] = [0x3F80, 0xC020, 0x4049]
        let bf16 = SafetensorsTensor(dtype: .bf16, shape: [3], bytes: brains.withUnsafeBytes { Data($0) })
        XCTAssertEqual(bf16.tensor()?.array, [1, -2.5, 3.140625])
        let i32 = SafetensorsTensor(dtype: .i32, shape: [2], bytes: [Int32(-3), 9].withUnsafeBytes { Data($0) })
        XCTAssertEqual(i32.int64Values(), [-3, 9])
    }

    func testCorruptFilesNameTheProblem() throws {
        let f32x2 = [UInt8](repeating: 0, count: 8)
        let cases: [(String, Data, [String])] = [
            ("short", Data([1, 2, 3]), ["3 bytes, shorter than the 8-byte header"]),
            ("long header", Data([0xE8, 0x03, 0, 0, 0, 0, 0, 0]) + Data(count: 10),
             ["header length 1000 runs past the end of the file (18 bytes)"]),
            ("not json", file(header: "{nope", data: []), ["header is not a JSON object"]),
            ("array", file(header: "[1, 2]", data: []), ["header is not a JSON object"]),
            ("metadata", file(header: #"{"__metadata__":{"a":1}}"#, data: []), ["__metadata__ is not an object of strings"]),
            ("malformed", file(header: #"{"w":{"dtype":"F32","shape":"x","data_offsets":[0,8]}}"#, data: f32x2),
             ["tensor 'w' has a malformed header entry"]),
            ("past data", file(header: #"{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}"#, data: f32x2),
             ["tensor 'w'", "running past the data (8 bytes)"]),
            ("byte count", file(header: #"{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, data: f32x2),
             ["tensor 'w' has 8 bytes but shape [3] of F32 needs 12"]),
            ("dtype", file(header: #"{"w":{"dtype":"BOOL","shape":[8],"data_offsets":[0,8]}}"#, data: f32x2),
             ["tensor 'w' has unknown dtype \"BOOL\""]),
            ("reversed", file(header: #"{"w":{"dtype":"F32","shape":[0],"data_offsets":[8,0]}}"#, data: f32x2),
             ["tensor 'w' has data_offsets [8, 0] that are negative or reversed"]),
            ("overlap", file(header: #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"#
                + #""b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#, data: f32x2 + [0, 0, 0, 0]),
             ["tensor 'b' (bytes 4..<12) overlaps tensor 'a'"]),
            ("gap", file(header: #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"#
                + #""b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}"#, data: f32x2 + [0, 0, 0, 0]),
             ["gap of 4 bytes in the data before tensor 'b'"]),
            ("trailing", file(header: #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#, data: f32x2),
             ["4 bytes after the last tensor belong to no tensor"]),
            ("negative extent", file(header: #"{"w":{"dtype":"F32","shape":[-2,-1],"data_offsets":[0,8]}}"#, data: f32x2),
             ["tensor 'w' has a negative extent in shape [-2, -1]"]),
            ("overflowing shape", file(header: #"{"w":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,8]}}"#,
                                       data: f32x2),
             ["tensor 'w' has 8 bytes but shape [4611686018427387904, 4] of F32 needs more than fits in memory"]),
            ("offset past Int", file(header: #"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,99999999999999999999]}}"#,
                                     data: f32x2),
             ["tensor 'w' has a malformed header entry"]),
            ("not UTF-8", withUnsafeBytes(of: UInt64(8).littleEndian) { Data($0) } + Data([0x7B, 0x22, 0x77, 0xFF, 0x22, 0x3A, 0x31, 0x7D]),
             ["header is not UTF-8 at byte 11 of the file"]),
            ("deep", file(header: String(repeating: "[", count: 100_000), data: []), ["header is not a JSON object"]),
        ]
        let dir = try makeTemporaryDirectory()
        for (label, bytes, expected) in cases {
            let url = dir.appendingPathComponent("\(label).safetensors")
            try bytes.write(to: url)
            guard let error = checkpointError({ _ = try SafetensorsFile.read(from: url) }) else { continue }
            XCTAssertTrue(error.description.hasPrefix(url.path + ": "), "\(label): \(error)")
            for phrase in expected {
                XCTAssertTrue(error.description.contains(phrase), "\(label): \(error) lacks \(phrase)")
            }
            XCTAssertFalse(error.description.contains("NSCocoaErrorDomain"), "\(label): \(error)")
        }
        let missing = dir.appendingPathComponent("absent.safetensors")
        XCTAssertEqual(checkpointError({ _ = try SafetensorsFile.read(from: missing) })?.description,
                       missing.path + ": cannot read: no such file")
    }

    /// Random byte changes and cuts of a valid file: each parse returns or throws, never traps.
    func testMangledFilesNeverTrap() throws {
        let url = try makeTemporaryDirectory().appendingPathComponent("valid.safetensors")
        try sample().write(to: url)
        let valid = [UInt8](try Data(contentsOf: url))
        let g = Generator(seed: 11)
        for round in 0..<2000 {
            var bytes = valid
            if round % 3 == 0 {
                bytes = Array(bytes.prefix(Int(g.next() % UInt64(bytes.count))))
            } else {
                for _ in 0..<(1 + Int(g.next() % 4)) {
                    let i = Int(g.next() % UInt64(bytes.count))
                    bytes[i] = UInt8(truncatingIfNeeded: g.next())
                }
            }
            if let file = try? SafetensorsHeader.parse(Data(bytes), file: url) {
                for tensor in file.tensors.values { _ = tensor.tensor(); _ = tensor.int64Values(); _ = tensor.uint64Values() }
            }
        }
    }

    /// Overwriting goes through a temporary file renamed into place; nothing else is left behind.
    func testWriteReplacesAtomicallyAndLeavesNoTemporaryFile() throws {
        let dir = try makeTemporaryDirectory()
        let url = dir.appendingPathComponent("model.safetensors")
        try Data("old".utf8).write(to: url)
        try sample().write(to: url)
        XCTAssertEqual(try SafetensorsFile.read(from: url).tensors, sample().tensors)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["model.safetensors"])
        let nowhere = dir.appendingPathComponent("no-such-folder/model.safetensors")
        // A write that fails is the run's failure, not bad input: not a CheckpointError (exit 2),
        // which a full disk during a checkpoint write used to be.
        XCTAssertThrowsError(try sample().write(to: nowhere)) { error in
            XCTAssertTrue(error is AtomicFile.WriteError, "\(type(of: error))")
            XCTAssertEqual("\(error)", nowhere.path + ": cannot create the temporary file .model.safetensors.tmp-\(getpid()) beside it: "
                           + "no such file or directory")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["model.safetensors"])
    }

    /// NumPy reads every tensor and the metadata as written, and Python's own writer produces
    /// the same bytes from what it read (one metadata key: it orders several by hash).
    func testPythonReadsDriftlabFilesAndRewritesTheSameBytes() throws {
        try Python.requireSafetensors()
        let dir = try makeTemporaryDirectory()
        let full = dir.appendingPathComponent("full.safetensors")
        try sample().write(to: full)
        var single = sample()
        single.metadata = ["note": "quote \" backslash \\ control \u{1} \u{1F} é / \u{2028}"]
        let driftlab = dir.appendingPathComponent("single.safetensors"), python = dir.appendingPathComponent("python.safetensors")
        try single.write(to: driftlab)
        let script = """
            import json, sys
            from safetensors import safe_open
            from safetensors.numpy import load_file, save_file
            full, single, out = sys.argv[1:4]
            tensors = load_file(full)
            with safe_open(full, framework="np") as f:
                metadata = f.metadata()
            with safe_open(single, framework="np") as f:
                save_file(load_file(single), out, metadata=f.metadata())
            print(json.dumps({"metadata": metadata, "tensors": {name: {"dtype": str(a.dtype), "shape": list(a.shape),
                  "hex": a.tobytes().hex()} for name, a in tensors.items()}}))
            """
        let output = try Python.run(script, [full.path, driftlab.path, python.path])
        let seen = try JSONSerialization.jsonObject(with: Data(output.utf8)) as! [String: Any]
        XCTAssertEqual(seen["metadata"] as? [String: String], sample().metadata)
        let tensors = seen["tensors"] as! [String: [String: Any]]
        let numpyTypes: [SafetensorsDType: String] = [.f32: "float32", .i64: "int64", .u64: "uint64"]
        XCTAssertEqual(Set(tensors.keys), Set(sample().tensors.keys))
        for (name, tensor) in sample().tensors {
            XCTAssertEqual(tensors[name]?["dtype"] as? String, numpyTypes[tensor.dtype], name)
            XCTAssertEqual(tensors[name]?["shape"] as? [Int], tensor.shape, name)
            XCTAssertEqual(tensors[name]?["hex"] as? String, tensor.bytes.map { String(format: "%02x", $0) }.joined(), name)
        }
        XCTAssertEqual(try Data(contentsOf: python), try Data(contentsOf: driftlab))
    }

    // MARK: - Building files by hand

    func file(header: String, data: [UInt8]) -> Data {
        let json = Data(header.utf8)
        return withUnsafeBytes(of: UInt64(json.count).littleEndian) { Data($0) } + json + Data(data)
    }
    func write(header: String, data: [UInt8]) throws -> URL {
        let url = try makeTemporaryDirectory().appendingPathComponent("hand.safetensors")
        try file(header: header, data: data).write(to: url)
        return url
    }
}
