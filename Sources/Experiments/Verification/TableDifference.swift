import Foundation

/// How two CSV tables differ, cell by cell: rows and columns by position, named by the
/// recorded header. Fields are read as `Table.csv` writes them (RFC 4180 quoting).
public struct TableDifference: Equatable, Sendable {
    public struct Cell: Equatable, Sendable, CustomStringConvertible {
        /// Data row, 1-based (the header is row 0).
        public var row: Int
        public var column: String
        public var before: String
        public var now: String
        public var description: String { "row \(row), column \"\(column)\": \(before) → \(now)" }
    }

    public var recordedHeader: [String]
    public var nowHeader: [String]
    public var recordedRows: Int
    public var nowRows: Int
    /// Changed cells in row order (header changes are in the headers, not here).
    public var cells: [Cell]

    public var identical: Bool { recordedHeader == nowHeader && recordedRows == nowRows && cells.isEmpty }

    public static func compare(recorded: Data, now: Data) -> TableDifference {
        let a = records(recorded), b = records(now)
        let headerA = a.first ?? [], headerB = b.first ?? []
        let rowsA = Array(a.dropFirst()), rowsB = Array(b.dropFirst())
        var cells: [Cell] = []
        for r in 0..<min(rowsA.count, rowsB.count) {
            for c in 0..<max(rowsA[r].count, rowsB[r].count) {
                let before = c < rowsA[r].count ? rowsA[r][c] : "", after = c < rowsB[r].count ? rowsB[r][c] : ""
                if before != after {
                    let column = c < headerA.count ? headerA[c] : c < headerB.count ? headerB[c] : "column \(c + 1)"
                    cells.append(Cell(row: r + 1, column: column, before: before, now: after))
                }
            }
        }
        return TableDifference(recordedHeader: headerA, nowHeader: headerB, recordedRows: rowsA.count, nowRows: rowsB.count, cells: cells)
    }

    /// The first `shown` changed cells, one a line, then how many more; header and row-count changes first.
    public func lines(shown: Int = 10) -> [String] {
        var lines: [String] = []
        if recordedHeader != nowHeader {
            lines.append("header: \(recordedHeader.joined(separator: ",")) → \(nowHeader.joined(separator: ","))")
        }
        if recordedRows != nowRows { lines.append("rows: \(recordedRows) → \(nowRows)") }
        lines += cells.prefix(shown).map(\.description)
        if cells.count > shown { lines.append("… and \(cells.count - shown) more changed cells") }
        return lines
    }

    public var summary: String {
        cells.isEmpty ? "table layout differs" : "\(cells.count) changed cell\(cells.count == 1 ? "" : "s")"
    }

    /// The records of a CSV: fields split at commas outside quotes, `""` inside quotes is a
    /// quote, lines end in "\n" (a "\r" before it is dropped); a final empty line is no record.
    static func records(_ data: Data) -> [[String]] {
        var records: [[String]] = [], record: [String] = [], field = "", quoted = false, atFieldStart = true
        var chars = String(decoding: data, as: UTF8.self).makeIterator()
        var pending: Character? = nil
        func next() -> Character? {
            if let p = pending { pending = nil; return p }
            return chars.next()
        }
        while let ch = next() {
            if quoted {
                if ch == "\"" {
                    if let following = next() {
                        if following == "\"" { field.append("\"") } else { quoted = false; pending = following }
                    } else { quoted = false }
                } else {
                    field.append(ch)
                }
                continue
            }
            switch ch {
            case "\"" where atFieldStart: quoted = true; atFieldStart = false
            case ",": record.append(field); field = ""; atFieldStart = true
            case "\n", "\r\n":
                record.append(field); records.append(record); record = []; field = ""; atFieldStart = true
            case "\r": break
            default: field.append(ch); atFieldStart = false
            }
        }
        if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
        return records
    }
}
