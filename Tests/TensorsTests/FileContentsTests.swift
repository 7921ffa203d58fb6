import Foundation
import XCTest
@testable import Tensors

final class FileContentsTests: XCTestCase {
    func folder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("contents-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir
    }

    func readError(_ body: () throws -> Void) -> String {
        do { try body() } catch { return "\(error)" }
        return "no error"
    }

    func testReadsWholeFile() throws {
        let url = try folder().appendingPathComponent("a.bin")
        let bytes = Data((0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        try bytes.write(to: url)
        XCTAssertEqual(try FileContents.read(url), bytes)
    }

    /// Our words, not "NSCocoaErrorDomain error 260".
    func testMissingFileAndFolderAreSaidPlainly() throws {
        let dir = try folder()
        let missing = dir.appendingPathComponent("absent.npy")
        XCTAssertEqual(readError { _ = try FileContents.read(missing) }, "cannot read \(missing.path): no such file")
        XCTAssertEqual(readError { _ = try FileContents.read(dir) }, "cannot read \(dir.path): is a folder, not a file")
    }

    func testTextRejectsInvalidUTF8NamingTheByte() throws {
        let url = try folder().appendingPathComponent("spec.json")
        try Data([0x7B, 0x22, 0xC3, 0xA9, 0x22, 0xFF, 0x7D]).write(to: url)  // {"é"<FF>}
        XCTAssertEqual(readError { _ = try FileContents.text(url) }, "cannot read \(url.path): not UTF-8 at byte 5")
        XCTAssertNil(FileContents.firstInvalidUTF8(Array("ok ✓".utf8)))
        XCTAssertEqual(FileContents.firstInvalidUTF8([0x61, 0xE2, 0x9C]), 1)  // cut in the middle of ✓
    }
}
