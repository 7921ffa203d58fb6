import Foundation

/// The one reader of the CSV tables stages pass on (`TableArtifact.read`): a header and rows of
/// fields, every accessor naming the file, column and row it could not read.
struct CSVRows {
    let header: [String]
    let rows: [[String]]
    let file: String

    init(_ data: Data, file: String) throws {
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        guard let first = lines.first else { throw ArtifactError(file: file, problem: "is empty") }
        header = first
        rows = Array(lines.dropFirst())
        self.file = file
    }

    var count: Int { rows.count }

    /// The field in `column` of `row`, as written.
    func string(_ row: Int, _ column: String) throws -> String {
        guard let c = header.firstIndex(of: column) else { throw ArtifactError(file: file, problem: "has no column '\(column)'") }
        guard row < rows.count, c < rows[row].count else {
            throw ArtifactError(file: file, problem: "row \(row + 1) has no field for column '\(column)'")
        }
        return rows[row][c]
    }

    func double(_ row: Int, _ column: String) throws -> Double {
        guard let v = Double(try string(row, column)) else {
            throw ArtifactError(file: file, problem: "has no number in column '\(column)', row \(row + 1)")
        }
        return v
    }

    /// A number, or nil for an empty field (a value the stage could not compute).
    func optionalDouble(_ row: Int, _ column: String) throws -> Double? {
        let field = try string(row, column)
        return field.isEmpty ? nil : try double(row, column)
    }

    func int(_ row: Int, _ column: String) throws -> Int {
        guard let v = Int(try string(row, column)) else {
            throw ArtifactError(file: file, problem: "has no integer in column '\(column)', row \(row + 1)")
        }
        return v
    }
}
