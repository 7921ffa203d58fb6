import CPNG  // zlib, to write gzip the way the published files are written
import Foundation
import XCTest
import Tensors
@testable import Datasets

extension XCTestCase {
    /// A fresh folder removed when the test ends.
    func makeTemporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("driftlab-data-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir
    }

    /// The DatasetError a throwing call raises, or a failure if it raises none or another kind.
    func datasetError(_ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line) -> DatasetError? {
        do {
            try body()
            XCTFail("no error thrown", file: file, line: line)
        } catch let error as DatasetError {
            return error
        } catch {
            XCTFail("unexpected error \(error)", file: file, line: line)
        }
        return nil
    }
}

/// Files in the published formats, built byte by byte.
enum Fixture {
    /// gzip (RFC 1952) through zlib's deflate with the gzip wrapper, as the `gzip` tool writes it.
    static func gzip(_ bytes: [UInt8]) -> [UInt8] {
        var stream = z_stream()
        let status = deflateInit2_(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8,
                                   Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        precondition(status == Z_OK, "deflateInit2 failed")
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))) + 64)
        var input = bytes
        let finished = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target -> Int32 in
                stream.next_in = source.baseAddress
                stream.avail_in = UInt32(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = UInt32(target.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        precondition(finished == Z_STREAM_END, "deflate did not finish")
        return Array(output[0..<Int(stream.total_out)])
    }

    static func bigEndian(_ value: Int) -> [UInt8] {
        (0..<4).map { UInt8(truncatingIfNeeded: value >> (24 - 8 * $0)) }
    }

    /// IDX images: magic 0x00000803, count, rows, cols, pixels.
    static func idxImages(_ pixels: [[UInt8]], rows: Int = 28, cols: Int = 28) -> [UInt8] {
        [0, 0, 8, 3] + bigEndian(pixels.count) + bigEndian(rows) + bigEndian(cols) + pixels.flatMap { $0 }
    }

    /// IDX labels: magic 0x00000801, count, labels.
    static func idxLabels(_ labels: [UInt8]) -> [UInt8] {
        [0, 0, 8, 1] + bigEndian(labels.count) + labels
    }

    /// A 28×28 image whose pixel i is (seed + i) mod 256, so every image is recognisable.
    static func mnistImage(_ seed: Int) -> [UInt8] {
        (0..<784).map { UInt8(truncatingIfNeeded: seed + $0) }
    }

    /// One CIFAR-10 record: label byte, then R, G, B planes; pixel i is (seed + 7i) mod 256.
    static func cifarRecord(label: UInt8, seed: Int) -> [UInt8] {
        [label] + (0..<3072).map { UInt8(truncatingIfNeeded: seed + 7 * $0) }
    }

    static func write(_ bytes: [UInt8], to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }
}
