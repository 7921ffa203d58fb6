/// The records of a CSV file as `Table.csv` writes it (RFC 4180): fields with a comma, quote
/// or newline are quoted, a quote inside doubled. `CSVRows` splits on every comma, which is
/// right for the stages' own tables but not for a results table whose header says
/// "paper (Time-Smoothgrad, mean map)".
enum CSVRecords {
    static func parse(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var chars = text.makeIterator()
        var pending: Character? = nil
        while let c = pending ?? chars.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    let next = chars.next()
                    if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
                } else {
                    field.append(c)
                }
                continue
            }
            switch c {
            case "\"" where field.isEmpty: quoted = true
            case ",": record.append(field); field = ""
            case "\n", "\r\n":
                record.append(field); field = ""
                records.append(record); record = []
            default: field.append(c)
            }
        }
        if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
        return records
    }

    /// Field `c` of `record`, "" past its end.
    static func field(_ record: [String], _ c: Int) -> String { c < record.count ? record[c] : "" }

    /// What the stages write for a value they could not compute ("—" where a run has no epoch
    /// after its reference): a missing number, not text.
    static let missingMarks: Set<String> = ["", "—", "–", "-", "n/a", "NA", "nan"]

    /// Whether column `c` is numeric in every body (records without the header): every field
    /// that is not a missing mark reads as a finite number, and at least one is there.
    static func isNumeric(column c: Int, in bodies: [[[String]]]) -> Bool {
        let cells = bodies.flatMap { $0.map { field($0, c) } }.filter { !missingMarks.contains($0) }
        return !cells.isEmpty && cells.allSatisfy { Double($0)?.isFinite == true }
    }
}
