import Foundation
import XCTest
import Tensors
@testable import Datasets

final class GzipReaderTests: XCTestCase {
    /// Several MB of poorly compressible bytes: many input and output chunks.
    func bytes(_ n: Int, seed: UInt64) -> [UInt8] {
        let g = Generator(seed: seed)
        return (0..<n).map { _ in UInt8(truncatingIfNeeded: g.next() >> (g.next() & 1 == 0 ? 56 : 60)) }
    }

    func testPlainFileIsReadAsItIs() throws {
        let url = try makeTemporaryDirectory().appendingPathComponent("plain.bin")
        let content: [UInt8] = [0, 0, 8, 1, 1, 2, 3]
        try Fixture.write(content, to: url)
        let file = try GzipReader.read(url)
        XCTAssertEqual(file.bytes, content)
        XCTAssertFalse(file.gzipped)
    }

    func testGzipRoundTripOverManyChunks() throws {
        let url = try makeTemporaryDirectory().appendingPathComponent("big.gz")
        let content = bytes(3 * GzipReader.chunkSize + 12_345, seed: 1)
        try Fixture.write(Fixture.gzip(content), to: url)
        let file = try GzipReader.read(url)
        XCTAssertTrue(file.gzipped)
        XCTAssertEqual(file.bytes.count, content.count)
        XCTAssertTrue(file.bytes == content)
    }

    /// `cat a.gz b.gz` is one valid gzip file holding a then b.
    func testConcatenatedMembers() throws {
        let url = try makeTemporaryDirectory().appendingPathComponent("two.gz")
        let (a, b) = (bytes(1000, seed: 2), bytes(777, seed: 3))
        try Fixture.write(Fixture.gzip(a) + Fixture.gzip(b), to: url)
        XCTAssertEqual(try GzipReader.read(url).bytes, a + b)
    }

    func testTruncatedGzipNamesTheFile() throws {
        let url = try makeTemporaryDirectory().appendingPathComponent("cut.gz")
        let gz = Fixture.gzip(bytes(100_000, seed: 4))
        try Fixture.write(Array(gz.prefix(gz.count / 2)), to: url)
        let error = try XCTUnwrap(datasetError { _ = try GzipReader.read(url) })
        XCTAssertEqual(error.kind, .badGzip)
        XCTAssertEqual(error.file, url.path)
        XCTAssertTrue(error.description.contains("cut.gz"), error.description)
        XCTAssertTrue(error.description.contains("truncated"), error.description)
    }

    /// Cutting only the 8-byte trailer (CRC, size) must fail too: the data is unverified.
    func testMissingTrailerIsAnError() throws {
        let url = try makeTemporaryDirectory().appendingPathComponent("notrailer.gz")
        let gz = Fixture.gzip(bytes(5000, seed: 5))
        try Fixture.write(Array(gz.dropLast(8)), to: url)
        XCTAssertEqual(datasetError { _ = try GzipReader.read(url) }?.kind, .badGzip)
    }

    func testCorruptGzipNamesTheFile() throws {
        let url = try makeTemporaryDirectory().appendingPathComponent("corrupt.gz")
        var gz = Fixture.gzip(bytes(50_000, seed: 6))
        for i in stride(from: 100, to: 400, by: 3) { gz[i] ^= 0x5a }
        try Fixture.write(gz, to: url)
        let error = try XCTUnwrap(datasetError { _ = try GzipReader.read(url) })
        XCTAssertEqual(error.kind, .badGzip)
        XCTAssertTrue(error.description.hasPrefix(url.path), error.description)
    }

    func testGarbageAfterTheStreamIsAnError() throws {
        let url = try makeTemporaryDirectory().appendingPathComponent("tail.gz")
        try Fixture.write(Fixture.gzip(bytes(100, seed: 7)) + [1, 2, 3], to: url)
        let error = try XCTUnwrap(datasetError { _ = try GzipReader.read(url) })
        XCTAssertTrue(error.description.contains("3 unexpected bytes"), error.description)
    }

    func testUnreadableFileNamesIt() throws {
        let url = try makeTemporaryDirectory().appendingPathComponent("absent.bin")
        let error = try XCTUnwrap(datasetError { _ = try GzipReader.read(url) })
        XCTAssertEqual(error.kind, .unreadable)
        XCTAssertEqual(error.file, url.path)
        XCTAssertEqual(error.description, "\(url.path): cannot read: no such file")
    }

    /// Only gzip's 10-byte member header, or the magic alone: truncated, not an empty dataset.
    func testStreamCutInsideItsHeaderIsTruncated() throws {
        let dir = try makeTemporaryDirectory()
        let gz = Fixture.gzip(bytes(1000, seed: 5))
        for n in [2, 10] {
            let url = dir.appendingPathComponent("cut-\(n).gz")
            try Fixture.write(Array(gz.prefix(n)), to: url)
            let error = try XCTUnwrap(datasetError { _ = try GzipReader.read(url) })
            XCTAssertEqual(error.kind, .badGzip, "\(n)")
            XCTAssertTrue(error.description.contains("truncated"), error.description)
        }
    }
}
