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
            throw fail("header is not a JSON object: \(DecodingProblem.describe(error))")
        }
        var header = HeaderJSON()
        switch raw.metadata {
        case .success(let m): header.metadata = m
        case .failure: throw fail("__metadata__ is not an object of strings")
        }
        for (name, result) in raw.entries {
            switch result {
            case .success(let entry): header.entries.append((name, entry))
            case .failure(let error): throw fail("tensor '\(name)' has a malformed header entry: \(DecodingProblem.describe(error))")
            }
        }
        return header
    }
}
