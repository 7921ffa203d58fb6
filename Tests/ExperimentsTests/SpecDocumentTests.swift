import Foundation
import XCTest
@testable import Experiments

final class SpecDocumentTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("spec-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func write(_ name: String, _ text: String) -> URL {
        let url = folder.appendingPathComponent(name)
        FileManager.default.createFile(atPath: url.path, contents: Data(text.utf8))
        return url
    }

    func testParsesAndKeepsKeyOrder() throws {
        let v = try JSONValue.parse(Data(#"{"b": 1, "a": [true, null, "x\n"], "c": {"d": -2.5e1}}"#.utf8))
        XCTAssertEqual(v.description, #"{"b":1,"a":[true,null,"x\n"],"c":{"d":-25}}"#)
    }

    func testParseErrorsNameLineAndColumn() {
        XCTAssertThrowsError(try JSONValue.parse(Data("{\n  \"a\": 1,\n  \"a\": 2\n}".utf8))) { e in
            XCTAssertTrue("\(e)".contains("line 3"), "\(e)")
            XCTAssertTrue("\(e)".contains("duplicate key"), "\(e)")
        }
    }

    /// base < spec < --set, objects merged key by key, lists replaced.
    func testExtendsAndSetPrecedence() throws {
        _ = write("base.json", #"{"seed": 1, "training": {"epochs": 10, "optimizer": {"kind": "adam", "lr": 0.001}}, "metrics": ["a", "b"]}"#)
        let spec = write("x.json", #"{"extends": "base.json", "training": {"epochs": 20}, "metrics": ["c"]}"#)
        var doc = try SpecDocument.load(spec)
        XCTAssertEqual(doc.root["seed"], .number(1))
        XCTAssertEqual(doc.root["training"]?["epochs"], .number(20))
        XCTAssertEqual(doc.root["training"]?["optimizer"]?["lr"], .number(0.001))
        XCTAssertEqual(doc.root["metrics"], .array([.string("c")]))
        XCTAssertNil(doc.root["extends"])
        try doc.set("training.optimizer.lr=0.1")
        try doc.set("training.optimizer.kind=sgd")
        try doc.set("metrics=[\"d\", \"e\"]")
        try doc.set("training.shuffle=false")
        XCTAssertEqual(doc.root["training"]?["optimizer"]?["lr"], .number(0.1))
        XCTAssertEqual(doc.root["training"]?["optimizer"]?["kind"], .string("sgd"))
        XCTAssertEqual(doc.root["metrics"], .array([.string("d"), .string("e")]))
        XCTAssertEqual(doc.root["training"]?["shuffle"], .bool(false))
    }

    func testSetAddressesListElements() throws {
        var doc = SpecDocument(file: "x.json", root: try JSONValue.parse(Data(#"{"attribution": [{"method": "gradient"}, {"method": "time-smoothgrad", "window": 50}]}"#.utf8)))
        try doc.set("attribution[1].window=10")
        XCTAssertEqual(doc.root["attribution"], .array([
            .object([("method", .string("gradient"))]),
            .object([("method", .string("time-smoothgrad")), ("window", .number(10))])]))
        XCTAssertThrowsError(try doc.set("attribution[5].window=1")) { XCTAssertTrue("\($0)".contains("no [5]")) }
        XCTAssertThrowsError(try doc.set("noequals"))
    }

    func testExtendsCycleAndMissingBaseAreErrors() {
        let a = write("a.json", #"{"extends": "b.json"}"#)
        _ = write("b.json", #"{"extends": "a.json"}"#)
        XCTAssertThrowsError(try SpecDocument.load(a)) { XCTAssertTrue("\($0)".contains("extends itself"), "\($0)") }
        let c = write("c.json", #"{"extends": "nope.json"}"#)
        XCTAssertThrowsError(try SpecDocument.load(c)) { XCTAssertTrue("\($0)".contains("does not exist"), "\($0)") }
    }

    /// Our words for an unreadable spec, not Foundation's error domain and code.
    func testMissingOrUnreadableSpecIsSaidPlainly() {
        let missing = folder.appendingPathComponent("absent.json")
        XCTAssertThrowsError(try SpecDocument.load(missing)) { XCTAssertEqual("\($0)", "\(missing.path): cannot read: no such file") }
        XCTAssertThrowsError(try SpecDocument.load(folder)) { XCTAssertEqual("\($0)", "\(folder.path): cannot read: is a folder, not a file") }
    }

    /// "1e400" parses as +infinity; as a number in a spec it is an error at its path.
    func testNonFiniteNumbersAreRejectedAtTheirPath() throws {
        let doc = SpecDocument(file: "x.json", root: try JSONValue.parse(Data(#"{"training": {"lr": 1e400}}"#.utf8)))
        XCTAssertThrowsError(try doc.reader.fields { top in
            try top.required("training").fields { t in try t.required("lr").number() }
        }) { XCTAssertEqual("\($0)", "x.json: training.lr: expected a finite number, got one too large for a Double (inf)") }
    }

    func testReaderNamesPathsOfTypeRangeAndUnknownKeyErrors() throws {
        let doc = SpecDocument(file: "experiments/x.json", root: try JSONValue.parse(Data(
            #"{"training": {"optimizer": {"lr": -1, "lrr": 2}, "epochs": "ten"}}"#.utf8)))
        /// Reads training.epochs and training.optimizer.lr the way the typed spec does.
        func lr(_ doc: SpecDocument) throws -> Double {
            try doc.reader.fields { top in
                try top.required("training").fields { t in
                    _ = try t.value("epochs", default: 1) { try $0.integer(atLeast: 1) }
                    return try t.required("optimizer").fields { o in try o.required("lr").number(greaterThan: 0) }
                }
            }
        }
        func message(_ doc: SpecDocument) -> String {
            do { _ = try lr(doc); return "no error" } catch { return "\(error)" }
        }
        XCTAssertEqual(message(doc), "experiments/x.json: training.epochs: expected a number, got a string")
        var fixed = doc
        try fixed.set("training.epochs=3")
        XCTAssertEqual(message(fixed), "experiments/x.json: training.optimizer.lr: must be > 0, got -1")
        try fixed.set("training.optimizer.lr=0.5")
        XCTAssertEqual(message(fixed), "experiments/x.json: training.optimizer.lrr: unknown key; allowed here: lr")
    }
}
