import Foundation
import XCTest
@testable import Experiments

final class JSONValueTests: XCTestCase {
    func parseError(_ text: [UInt8]) -> String {
        do { _ = try JSONValue.parse(Data(text)); return "no error" } catch { return "\(error)" }
    }

    /// A million "[" used to overflow the stack; now the parser stops at 512 levels and says where.
    func testNestingDeeperThan512IsAnErrorNamingThePath() throws {
        XCTAssertEqual(parseError(Array(repeating: UInt8(ascii: "["), count: 1_000_000)),
                       "line 1, column 513: nested deeper than 512 levels at " + String(repeating: "[0]", count: 40) + "…")
        let deepObject = #"{"training": {"a": "# + String(repeating: "[", count: 511)
        // The 511th "[" would be level 513: 510 lists, the two objects, and the one that fails.
        let path = "training.a" + String(repeating: "[0]", count: 509)
        XCTAssertEqual(parseError(Array(deepObject.utf8)),
                       "line 1, column \(deepObject.count): nested deeper than 512 levels at \(path.prefix(120))…")
        // 512 levels are fine.
        let ok = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        XCTAssertNoThrow(try JSONValue.parse(Data(ok.utf8)))
    }

    /// Invalid UTF-8 is named by byte instead of turning into U+FFFD inside a string.
    func testInvalidUTF8IsAnErrorNamingTheByte() {
        XCTAssertEqual(parseError(Array(#"{"name": "x"#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)),
                       "line 1, column 12: not UTF-8 at byte 11")
    }
}
