import Foundation

/// One line, in our words, for why a JSON file did not decode (`JSONDecoder`'s errors print as
/// a multi-line `DecodingError` dump, and on Linux their underlying message is Foundation's
/// "The operation could not be completed. (NSCocoaErrorDomain …)"). Shared by every reader of
/// a JSON file driftlab itself wrote: safetensors headers, manifests, `train/reference.json`.
public enum DecodingProblem {
    public static func describe(_ error: Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        switch error {
        case .keyNotFound(let key, _):
            return "no \"\(key.stringValue)\""
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return "\(path.isEmpty ? "value" : "\"\(path)\"") is not \(type)"
        case .dataCorrupted(let context):
            // The parser's own words are in the underlying error's debug description.
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
