import Foundation
import XCTest
@testable import AtomicFiles

/// A failed write is told in our words. A full disk said "The operation could not be completed.
/// There isn’t enough space." (Foundation's text on Linux); /dev/full fails every write with the
/// same ENOSPC a full disk gives.
final class AtomicFileErrorTests: XCTestCase {
    func testAFullDiskIsToldByItsErrno() throws {
        guard let handle = FileHandle(forWritingAtPath: "/dev/full") else { throw XCTSkip("no /dev/full") }
        defer { try? handle.close() }
        XCTAssertThrowsError(try handle.write(contentsOf: Data(count: 1 << 16))) { error in
            XCTAssertEqual(AtomicFile.cause(of: error), "no space left on device")
        }
    }
}
