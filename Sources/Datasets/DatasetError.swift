import Foundation

/// A dataset file that is missing, unreadable or not in its published format. The message names
/// the file and, where one byte is to blame, its offset, so a failed run says exactly what to
/// fix or re-download instead of training on garbage.
public struct DatasetError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, for callers (and tests) that react to one kind of failure.
    public enum Kind: String, Sendable {
        case missingFiles, unreadable, badGzip, wrongMagic, truncated, wrongSize, badShape,
             countMismatch, labelOutOfRange
    }

    public let kind: Kind
    /// The file (for `.missingFiles`, the folder searched).
    public let file: String
    /// Byte offset of the offending byte; counted in the uncompressed data when `gzipped`.
    public let offset: Int?
    /// Whether `file` was gzip-compressed, which changes what `offset` counts.
    public let gzipped: Bool
    public let problem: String

    public init(_ kind: Kind, file: URL, offset: Int? = nil, gzipped: Bool = false, _ problem: String) {
        self.kind = kind
        self.file = file.path
        self.offset = offset
        self.gzipped = gzipped
        self.problem = problem
    }

    public var description: String {
        guard let offset else { return "\(file): \(problem)" }
        return "\(file), byte \(offset)\(gzipped ? " of the gunzipped data" : ""): \(problem)"
    }
}
