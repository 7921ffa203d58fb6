import Foundation
import Tensors

/// A dataset file that is missing, unreadable or not in its published format. The message names
/// the file and, where one byte or one text line is to blame, its offset or line, so a failed run says exactly what to
/// fix or re-download instead of training on garbage.
public struct DatasetError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, for callers (and tests) that react to one kind of failure.
    public enum Kind: String, Sendable {
        case missingFiles, unreadable, badGzip, wrongMagic, truncated, wrongSize, badShape,
             countMismatch, labelOutOfRange, malformedLine, noValidSamples, unknownChannel
    }

    public let kind: Kind
    /// The file (for `.missingFiles`, the folder searched).
    public let file: String
    /// Byte offset of the offending byte; counted in the uncompressed data when `gzipped`.
    public let offset: Int?
    /// Whether `file` was gzip-compressed, which changes what `offset` counts.
    public let gzipped: Bool
    /// 1-based line of a text file (the sensor datasets), when one line is to blame.
    public let line: Int?
    public let problem: String

    public init(_ kind: Kind, file: URL, offset: Int? = nil, gzipped: Bool = false, _ problem: String) {
        self.kind = kind
        self.file = file.path
        self.offset = offset
        self.gzipped = gzipped
        self.line = nil
        self.problem = problem
    }

    /// An error in line `line` (1-based) of text file `file`.
    public init(_ kind: Kind, file: URL, line: Int, _ problem: String) {
        self.kind = kind
        self.file = file.path
        self.offset = nil
        self.gzipped = false
        self.line = line
        self.problem = problem
    }

    public var description: String {
        if let line { return "\(file), line \(line): \(problem)" }
        guard let offset else { return "\(file): \(problem)" }
        return "\(file), byte \(offset)\(gzipped ? " of the gunzipped data" : ""): \(problem)"
    }
}

extension DatasetError: InputFileError {}
