import Foundation
import Tensors

/// Decoding of the header JSON into metadata and raw tensor entries, with errors that name the
/// offending entry rather than a coding path.
extension SafetensorsHeader {
    struct EntryJSON: Decodable {
        let dtype: String
        let shape: [Int]
        let dataOffsets: [Int]
        enum CodingKeys: String, CodingKey { case dtype, shape, dataOffsets = "data_offsets" }
    }

    struct HeaderJSON {
        var metadata: [String: String] = [:]
        var entries: [(name: String, entry: EntryJSON)] = []
    }

    private struct AnyKey: CodingKey {
        let stringValue: String
        init(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    /// Every top-level key, each decoded separately so a bad entry is reported by name.
    private struct RawHeader: Decodable {
        var metadata: Result<[String: String], Error> = .success([:])
        var entries: [(name: String, entry: Result<EntryJSON, Error>)] = []
        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: AnyKey.self)
            for key in container.allKeys {
                if key.stringValue == "__metadata__" {
                    metadata = Result { try container.decode([String: String].self, forKey: key) }
                } else {
                    entries.append((key.stringValue, Result { try container.decode(EntryJSON.self, forKey: key) }))
                }
            }
        }
    }

    static func decodeJSON(_ bytes: Data, fail: (String) -> CheckpointError) throws -> HeaderJSON {
        if let offset = FileContents.firstInvalidUTF8(bytes) {
            throw fail("header is not UTF-8 at byte \(8 + offset) of the file")
        }
        let raw: RawHeader
        do {
            raw = try JSONDecoder().decode(RawHeader.self, from: bytes)
        } catch {
            throw fail("header is not a JSON object: \(explain(error))")
        }
        var header = HeaderJSON()
        switch raw.metadata {
        case .success(let m): header.metadata = m
        case .failure: throw fail("__metadata__ is not an object of strings")
        }
        for (name, result) in raw.entries {
            switch result {
            case .success(let entry): header.entries.append((name, entry))
            case .failure(let error): throw fail("tensor '\(name)' has a malformed header entry: \(explain(error))")
            }
        }
        return header
    }

    /// One line from a DecodingError instead of its multi-line dump.
    private static func explain(_ error: Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        switch error {
        case .keyNotFound(let key, _):
            return "no \"\(key.stringValue)\""
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return "\(path.isEmpty ? "value" : "\"\(path)\"") is not \(type)"
        case .dataCorrupted(let context):
            // On Linux the underlying error's localizedDescription is "The operation could not be
            // completed. (NSCocoaErrorDomain …)"; the parser's own words are in its debug description.
            if let underlying = context.underlyingError,
               let detail = (underlying as NSError).userInfo[NSDebugDescriptionErrorKey] as? String {
                return detail
            }
            return context.debugDescription
        @unknown default:
            return "\(error)"
        }
    }
}
