import Foundation

/// A small CSV with a header, read back from an earlier stage.
struct CSVRows {
    let header: [String]
    let rows: [[String]]
    let file: String

    init(_ data: Data, file: String) throws {
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        guard let first = lines.first else { throw RunError.stageFailed(stage: "tables", reason: "\(file) is empty") }
        header = first
        rows = Array(lines.dropFirst())
        self.file = file
    }

    var count: Int { rows.count }

    func double(_ row: Int, _ column: String) throws -> Double {
        guard let c = header.firstIndex(of: column), row < rows.count, c < rows[row].count, let v = Double(rows[row][c]) else {
            throw RunError.stageFailed(stage: "tables", reason: "\(file) has no number in column '\(column)', row \(row + 1)")
        }
        return v
    }
}
