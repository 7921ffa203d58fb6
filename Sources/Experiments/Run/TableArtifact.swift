import Foundation

/// A CSV table one stage writes and later stages read, declared once: its run-relative path and
/// the columns its readers rely on. Writers start the file with `header`; readers go through
/// `read(in:)`, which checks every declared column is there, so a renamed column fails with the
/// file and column named instead of a wrong number later.
public struct TableArtifact: Sendable {
    public let path: String
    public let columns: [String]

    public init(path: String, columns: [String]) {
        self.path = path
        self.columns = columns
    }

    public var header: String { columns.joined(separator: ",") + "\n" }

    func read(in directory: RunDirectory) throws -> CSVRows {
        let rows = try CSVRows(try directory.read(path), file: path)
        if let missing = columns.first(where: { !rows.header.contains($0) }) {
            throw ArtifactError(file: path, problem: "has no column '\(missing)' (its header: \(rows.header.joined(separator: ",")))")
        }
        return rows
    }
}

/// An output of an earlier stage that cannot be read back as declared.
struct ArtifactError: Error, CustomStringConvertible {
    let file: String
    let problem: String
    var description: String { "\(file) \(problem)" }
}
