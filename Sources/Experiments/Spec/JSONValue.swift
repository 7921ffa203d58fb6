import Foundation
import Tensors

/// A parsed JSON document, kept as a tree so specs can be merged (`extends`), overridden
/// (`--set`) and checked key by key before they become typed values. Object keys keep their
/// order of appearance.
public indirect enum JSONValue: Equatable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.number(x), .number(y)): return x == y
        case let (.string(x), .string(y)): return x == y
        case let (.array(x), .array(y)): return x == y
        case let (.object(x), .object(y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    /// What the value is, for error messages: "a number", "an object", …
    public var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "a list"
        case .object: return "an object"
        }
    }

    public var description: String { String(decoding: serialized(pretty: false), as: UTF8.self) }

    public subscript(key: String) -> JSONValue? {
        if case .object(let fields) = self { return fields.first { $0.key == key }?.value }
        return nil
    }

    /// Parses JSON text. Foundation's parser loses key order, so this is a small parser of its own.
    public static func parse(_ data: Data) throws -> JSONValue {
        var parser = JSONParser(bytes: Array(data))
        return try parser.document()
    }

    /// Deterministic JSON: keys in stored order, numbers as integers when integral.
    public func serialized(pretty: Bool = true) -> Data {
        var out = ""
        write(to: &out, indent: pretty ? 0 : nil)
        if pretty { out += "\n" }
        return Data(out.utf8)
    }

    private func write(to out: inout String, indent: Int?) {
        let pad = indent.map { String(repeating: "  ", count: $0 + 1) } ?? ""
        let close = indent.map { String(repeating: "  ", count: $0) } ?? ""
        let newline = indent == nil ? "" : "\n"
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let x): out += JSONValue.format(x)
        case .string(let s): out += JSONValue.quote(s)
        case .array(let items):
            // Lists of scalars stay on one line: shapes and sizes read better that way.
            let scalars = items.allSatisfy { if case .array = $0 { return false }; if case .object = $0 { return false }; return true }
            if items.isEmpty || scalars || indent == nil {
                out += "[" + items.map { $0.description }.joined(separator: indent == nil ? "," : ", ") + "]"
            } else {
                out += "[" + newline
                for (i, item) in items.enumerated() {
                    out += pad
                    item.write(to: &out, indent: indent.map { $0 + 1 })
                    out += (i < items.count - 1 ? "," : "") + newline
                }
                out += close + "]"
            }
        case .object(let fields):
            if fields.isEmpty { out += "{}"; return }
            out += "{" + newline
            for (i, field) in fields.enumerated() {
                out += pad + JSONValue.quote(field.key) + (indent == nil ? ":" : ": ")
                field.value.write(to: &out, indent: indent.map { $0 + 1 })
                out += (i < fields.count - 1 ? "," : "") + newline
            }
            out += close + "}"
        }
    }

    static func format(_ x: Double) -> String {
        if x.isFinite && x == x.rounded() && abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}

/// Recursive-descent JSON parser over UTF-8 bytes (RFC 8259), reporting line and column.
struct JSONParser {
    let bytes: [UInt8]
    var i = 0
    /// Keys and list indices of the containers open at `i`, for errors deep in a document.
    var path: [String] = []

    /// Containers nest at most this deep. Each level is a recursive call, so without a limit a
    /// file of a million "[" overflows the stack; no spec comes near 512.
    static let maxDepth = 512

    init(bytes: [UInt8]) { self.bytes = bytes }

    struct Failure: Error, CustomStringConvertible {
        let line: Int, column: Int, message: String
        var description: String { "line \(line), column \(column): \(message)" }
    }

    func fail(_ message: String) -> Failure {
        var line = 1, column = 1
        for b in bytes[..<min(i, bytes.count)] { if b == 0x0A { line += 1; column = 1 } else { column += 1 } }
        return Failure(line: line, column: column, message: message)
    }

    /// "training.optimizer", "attribution[1]": where the parser is, as spec errors write paths.
    var dottedPath: String {
        path.reduce("") { $1.hasPrefix("[") || $0.isEmpty ? $0 + $1 : $0 + "." + $1 }
    }

    /// Entering an object or list: refused past `maxDepth`, naming where.
    mutating func enterContainer() throws {
        guard path.count < JSONParser.maxDepth else {
            let at = dottedPath
            throw fail("nested deeper than \(JSONParser.maxDepth) levels at \(at.count > 120 ? at.prefix(120) + "…" : at)")
        }
    }

    mutating func document() throws -> JSONValue {
        // Invalid UTF-8 would otherwise turn into U+FFFD inside strings without a word.
        if let offset = FileContents.firstInvalidUTF8(bytes) {
            i = offset
            throw fail("not UTF-8 at byte \(offset)")
        }
        let v = try value()
        skipSpace()
        guard i == bytes.count else { throw fail("unexpected text after the JSON value") }
        return v
    }

    mutating func skipSpace() {
        while i < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[i]) { i += 1 }
    }

    mutating func value() throws -> JSONValue {
        skipSpace()
        guard i < bytes.count else { throw fail("unexpected end of input") }
        switch bytes[i] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default: return .number(try number())
        }
    }

    mutating func literal(_ word: String) throws {
        let w = Array(word.utf8)
        guard i + w.count <= bytes.count, Array(bytes[i..<i + w.count]) == w else { throw fail("expected \(word)") }
        i += w.count
    }

    mutating func object() throws -> JSONValue {
        try enterContainer()
        i += 1
        var fields: [(key: String, value: JSONValue)] = []
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object(fields) }
        while true {
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw fail("expected a quoted key") }
            let key = try string()
            if fields.contains(where: { $0.key == key }) { throw fail("duplicate key \"\(key)\"") }
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw fail("expected ':' after \"\(key)\"") }
            i += 1
            path.append(key)
            fields.append((key, try value()))
            path.removeLast()
            skipSpace()
            guard i < bytes.count else { throw fail("unexpected end of input in an object") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(fields) }
            throw fail("expected ',' or '}'")
        }
    }

    mutating func array() throws -> JSONValue {
        try enterContainer()
        i += 1
        var items: [JSONValue] = []
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
        while true {
            path.append("[\(items.count)]")
            items.append(try value())
            path.removeLast()
            skipSpace()
            guard i < bytes.count else { throw fail("unexpected end of input in a list") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
            throw fail("expected ',' or ']'")
        }
    }

    mutating func string() throws -> String {
        i += 1
        var out: [UInt8] = []
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") { i += 1; return String(decoding: out, as: UTF8.self) }
            if b == UInt8(ascii: "\\") {
                guard i + 1 < bytes.count else { break }
                let e = bytes[i + 1]
                i += 2
                switch e {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"):
                    guard i + 4 <= bytes.count, let code = UInt32(String(decoding: bytes[i..<i + 4], as: UTF8.self), radix: 16),
                          let scalar = Unicode.Scalar(code) else { throw fail("bad \\u escape") }
                    out.append(contentsOf: Array(String(scalar).utf8))
                    i += 4
                default: out.append(e)
                }
                continue
            }
            out.append(b)
            i += 1
        }
        throw fail("unterminated string")
    }

    mutating func number() throws -> Double {
        let start = i
        while i < bytes.count, "+-0123456789.eE".utf8.contains(bytes[i]) { i += 1 }
        guard i > start, let x = Double(String(decoding: bytes[start..<i], as: UTF8.self)) else {
            i = start
            throw fail("expected a value")
        }
        return x
    }
}
