import Foundation
import XCTest
import Tensors
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

    /// Random byte changes and cuts of a spec: each parse returns or throws, never traps.
    func testMangledDocumentsNeverTrap() {
        let valid = Array(#"{"name": "x", "training": {"epochs": 3, "optimizer": {"lr": 1e-3}}, "a": [1, [2, "\u00e9\n"], null, true]}"#.utf8)
        let g = Generator(seed: 5)
        let alphabet = Array(#"{}[]",:\u0123456789eE+-.tfn "#.utf8) + [0xC3, 0xFF, 0x00]
        for round in 0..<5000 {
            var bytes = valid
            if round % 4 == 0 {
                bytes = Array(bytes.prefix(Int(g.next() % UInt64(bytes.count))))
            } else {
                for _ in 0..<(1 + Int(g.next() % 4)) {
                    bytes[Int(g.next() % UInt64(bytes.count))] = alphabet[Int(g.next() % UInt64(alphabet.count))]
                }
            }
            _ = try? JSONValue.parse(Data(bytes))
        }
    }

    /// Invalid UTF-8 is named by byte instead of turning into U+FFFD inside a string.
    func testInvalidUTF8IsAnErrorNamingTheByte() {
        XCTAssertEqual(parseError(Array(#"{"name": "x"#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)),
                       "line 1, column 12: not UTF-8 at byte 11")
    }
}
