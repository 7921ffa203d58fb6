/// A results table written twice: CSV for machines, Markdown for people.
public struct Table: Equatable {
    public var title: String
    public var columns: [String]
    public var rows: [[String]]
    /// Lines under the Markdown table: where the paper's numbers come from, what differs.
    public var notes: [String] = []

    public init(title: String, columns: [String], rows: [[String]], notes: [String] = []) {
        self.title = title
        self.columns = columns
        self.rows = rows
        self.notes = notes
    }

    public var csv: String {
        ([columns] + rows).map { $0.map(Table.csvField).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    public var markdown: String {
        var lines = ["# \(title)", "", "| " + columns.joined(separator: " | ") + " |",
                     "|" + columns.map { _ in "---" }.joined(separator: "|") + "|"]
        lines += rows.map { "| " + $0.joined(separator: " | ") + " |" }
        if !notes.isEmpty { lines += [""] + notes }
        return lines.joined(separator: "\n") + "\n"
    }

    static func csvField(_ s: String) -> String {
        s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    /// Writes tables/<stem>.csv and tables/<stem>.md; returns both paths.
    public func write(_ stem: String, in directory: RunDirectory) throws -> [String] {
        try directory.write(csv, to: "tables/\(stem).csv")
        try directory.write(markdown, to: "tables/\(stem).md")
        return ["tables/\(stem).csv", "tables/\(stem).md"]
    }
}

/// Three decimals, as the papers print their scores.
func fixed3(_ x: Double) -> String { String(format: "%.3f", x) }
