import Foundation

/// The JSON header of a safetensors file: written exactly as the Rust `safetensors` crate writes
/// it (compact serde_json, `__metadata__` first, spaces up to 8-byte alignment) and read with
/// every check its reader makes, so files pass between driftlab and Python both ways.
enum SafetensorsHeader {
    /// Header bytes for tensors given in storage order; metadata keys are sorted (Python's writer
    /// uses hash order there, so only the tensor part can match it byte for byte).
    static func encode(_ ordered: [(name: String, tensor: SafetensorsTensor)], metadata: [String: String]) -> Data {
        var fields: [String] = []
        if !metadata.isEmpty {
            let pairs = metadata.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            fields.append(quoted("__metadata__") + ":{"
                + pairs.map { quoted($0.key) + ":" + quoted($0.value) }.joined(separator: ",") + "}")
        }
        var offset = 0
        for (name, tensor) in ordered {
            let end = offset + tensor.bytes.count
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            fields.append(quoted(name) + ":{\"dtype\":\"\(tensor.dtype.rawValue)\",\"shape\":[\(shape)],"
                + "\"data_offsets\":[\(offset),\(end)]}")
            offset = end
        }
        var bytes = Array(("{" + fields.joined(separator: ",") + "}").utf8)
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: (8 - bytes.count % 8) % 8))
        return Data(bytes)
    }

    /// A JSON string literal escaped as serde_json does: quote, backslash and control characters
    /// only, short forms where JSON has them, `\u00xx` in lower-case hex otherwise.
    static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\u{00}"..."\u{1F}":
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    static func parse(_ contents: Data, file: URL) throws -> SafetensorsFile {
        func fail(_ problem: String) -> CheckpointError { CheckpointError(file: file, problem) }
        return try contents.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> SafetensorsFile in
            guard raw.count >= 8 else {
                throw fail("file is \(raw.count) bytes, shorter than the 8-byte header length")
            }
            let headerLength = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
            guard headerLength <= UInt64(raw.count - 8) else {
                throw fail("header length \(headerLength) runs past the end of the file (\(raw.count) bytes)")
            }
            let base = raw.baseAddress!
            let dataStart = 8 + Int(headerLength)
            let header = try decodeJSON(Data(bytes: base + 8, count: Int(headerLength)), fail: fail)
            let dataLength = raw.count - dataStart
            let layouts = try header.entries.map { try layout($0.name, $0.entry, dataLength: dataLength, fail: fail) }
            try checkContiguous(layouts, dataLength: dataLength, fail: fail)
            var tensors: [String: SafetensorsTensor] = [:]
            for t in layouts {
                let bytes = Data(bytes: base + dataStart + t.begin, count: t.end - t.begin)
                tensors[t.name] = SafetensorsTensor(dtype: t.dtype, shape: t.shape, bytes: bytes)
            }
            return SafetensorsFile(tensors: tensors, metadata: header.metadata)
        }
    }

    /// One tensor's entry, checked on its own: known dtype, sane shape, offsets inside the data
    /// and exactly as many bytes as shape × element size.
    private struct Layout {
        let name: String, dtype: SafetensorsDType, shape: [Int], begin: Int, end: Int
    }
    private static func layout(_ name: String, _ entry: EntryJSON, dataLength: Int,
                               fail: (String) -> CheckpointError) throws -> Layout {
        guard let dtype = SafetensorsDType(rawValue: entry.dtype) else {
            let known = SafetensorsDType.allCases.map(\.rawValue).joined(separator: ", ")
            throw fail("tensor '\(name)' has unknown dtype \"\(entry.dtype)\" (driftlab reads \(known))")
        }
        guard entry.shape.allSatisfy({ $0 >= 0 }) else {
            throw fail("tensor '\(name)' has a negative extent in shape \(entry.shape)")
        }
        guard entry.dataOffsets.count == 2 else {
            throw fail("tensor '\(name)' has data_offsets \(entry.dataOffsets), expected [begin, end]")
        }
        let (begin, end) = (entry.dataOffsets[0], entry.dataOffsets[1])
        guard begin >= 0, begin <= end else {
            throw fail("tensor '\(name)' has data_offsets [\(begin), \(end)] that are negative or reversed")
        }
        guard end <= dataLength else {
            throw fail("tensor '\(name)' has data_offsets [\(begin), \(end)] running past the data (\(dataLength) bytes)")
        }
        var needed = dtype.elementSize, overflow = false
        for extent in entry.shape where !overflow { (needed, overflow) = needed.multipliedReportingOverflow(by: extent) }
        guard !overflow, needed == end - begin else {
            throw fail("tensor '\(name)' has \(end - begin) bytes but shape \(entry.shape) of \(dtype.rawValue) needs "
                + (overflow ? "more than fits in memory" : "\(needed)"))
        }
        return Layout(name: name, dtype: dtype, shape: entry.shape, begin: begin, end: end)
    }

    /// Tensors must tile the data in offset order with no gap, overlap or trailing bytes, as
    /// Python's reader demands.
    private static func checkContiguous(_ layouts: [Layout], dataLength: Int, fail: (String) -> CheckpointError) throws {
        var covered = 0, previous: String?
        for t in layouts.sorted(by: { ($0.begin, $0.end) < ($1.begin, $1.end) }) {
            if t.begin < covered {
                throw fail("tensor '\(t.name)' (bytes \(t.begin)..<\(t.end)) overlaps tensor '\(previous!)' (ending at \(covered))")
            }
            if t.begin > covered {
                throw fail("gap of \(t.begin - covered) bytes in the data before tensor '\(t.name)'")
            }
            covered = t.end
            previous = t.name
        }
        if covered != dataLength {
            throw fail("\(dataLength - covered) bytes after the last tensor belong to no tensor")
        }
    }
}
