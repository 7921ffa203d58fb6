import Foundation

/// One results table (`tables/<stem>.csv`) of every member, pooled per grid point: each
/// numeric cell becomes mean, σ (n − 1) and the 95 % Student-t interval over the members; text
/// cells (state, method, metric names) identify the rows; a column whose name starts with
/// "paper" keeps the paper's value and says whether it falls outside our interval.
struct TableAggregate {
    struct MemberTable {
        let member: String
        /// Header first.
        let records: [[String]]
    }
    struct Point {
        /// The grid point's value of each grid key, as written in sweep.json.
        let values: [String]
        let tables: [MemberTable]
    }

    let stem: String
    let title: String
    /// The members' own notes (from their Markdown table), kept under ours.
    let memberNotes: [String]
    let gridKeys: [String]
    let points: [Point]

    enum ColumnKind { case label, numeric, paper }

    /// The CSV (every number in its own column) and the Markdown (one readable cell per value).
    /// The CSV, the Markdown and the bar chart of the same numbers (`BarsOfTable`).
    func tables() throws -> (csv: Table, markdown: Table, bars: BarsOfTable) {
        let all = points.flatMap(\.tables)
        guard let first = all.first, let header = first.records.first else {
            throw AggregateError(file: "tables/\(stem).csv", problem: "is empty in every member")
        }
        for t in all where t.records.first != header {
            throw AggregateError(file: "tables/\(stem).csv", problem: "has other columns in member \(t.member) than in \(first.member)")
        }
        let kinds = header.indices.map { kind(of: $0, header: header, tables: all) }
        let targets = Dictionary(uniqueKeysWithValues: header.indices.filter { kinds[$0] == .paper }.compactMap { c in
            TableAggregate.paperTarget(c, header: header, kinds: kinds).map { (c, $0) }
        })
        var csvColumns = gridKeys, mdColumns = gridKeys
        for (c, name) in header.enumerated() {
            switch kinds[c] {
            case .label: csvColumns.append(name); mdColumns.append(name)
            case .numeric:
                csvColumns += [name + " mean", name + " σ", name + " 95% CI low", name + " 95% CI high", name + " n"]
                mdColumns.append(name)
            case .paper: csvColumns += [name, name + " outside 95% CI"]; mdColumns.append(name)
            }
        }
        mdColumns.append("n")
        var csvRows: [[String]] = [], mdRows: [[String]] = []
        var sizes = Set<Int>()
        var bars = BarsOfTable(title: title, columns: header.indices.filter { kinds[$0] != .label }.map { header[$0] })
        for point in points {
            sizes.insert(point.tables.count)
            for memberRows in try aligned(point.tables, kinds: kinds) {
                var csvRow = point.values, mdRow = point.values
                let summaries = header.indices.map { c in kinds[c] == .numeric ? SampleSummary(memberRows.compactMap { Double(field($0, c)) }) : nil }
                for c in header.indices {
                    let texts = memberRows.map { field($0, c) }
                    switch kinds[c] {
                    case .label:
                        let cell = TableAggregate.tally(texts)
                        csvRow.append(cell); mdRow.append(cell)
                    case .numeric:
                        guard let s = summaries[c] else { csvRow += ["", "", "", "", "0"]; mdRow.append(""); continue }
                        csvRow += [number(s.mean), s.standardDeviation.map(number) ?? "", s.interval.map { number($0.lowerBound) } ?? "",
                                   s.interval.map { number($0.upperBound) } ?? "", String(s.n)]
                        mdRow.append(TableAggregate.readable(s) + (s.n < memberRows.count ? " (n = \(s.n))" : ""))
                    case .paper:
                        let paper = TableAggregate.leadingNumber(texts[0])
                        let ours = targets[c].flatMap { summaries[$0] }
                        let outside = paper.flatMap { p in ours.map { $0.excludes(p) } }
                        csvRow += [texts[0], outside.map { $0 ? "yes" : "no" } ?? ""]
                        mdRow.append(texts[0] + (outside == true ? " ✗" : ""))
                    }
                }
                bars.add(group: (point.values + header.indices.filter { kinds[$0] == .label }.map { mdRow[point.values.count + $0] })
                            .filter { !$0.isEmpty }.joined(separator: " · "),
                         values: header.indices.filter { kinds[$0] != .label }.map { c in
                             kinds[c] == .paper ? TableAggregate.leadingNumber(field(memberRows[0], c)).map { .paper($0) } : summaries[c].map { .ours($0) }
                         })
                csvRows.append(csvRow)
                mdRows.append(mdRow + [String(memberRows.count)])
            }
        }
        var notes = ["Over the members of each grid point (n = \(sizes.sorted().map(String.init).joined(separator: ", "))): "
                     + "mean ± σ [95 % CI], σ the sample standard deviation (divisor n − 1), the interval x̄ ± t · σ/√n "
                     + "with t = t_{0.975, n−1} of Student's t distribution (a t interval, not a bootstrap)"
                     + sizes.sorted().filter { $0 >= 2 }.map { "; t_{0.975, \($0 - 1)} = \(String(format: "%.3f", SampleSummary.tQuantile($0 - 1)))" }.joined()
                     + ". A cell with fewer values (a member that left it empty) says its n."]
        for (paper, target) in targets.sorted(by: { $0.key < $1.key }) {
            notes.append("✗: the paper's value (\(header[paper])) lies outside our 95 % interval of \(header[target]).")
        }
        notes.append("From tables/\(stem).csv of each member; the title and the notes below are \(first.member)'s.")
        return (Table(title: title, columns: csvColumns, rows: csvRows),
                Table(title: title + " — mean ± σ [95 % CI] over seeds", columns: mdColumns, rows: mdRows, notes: notes + [""] + memberNotes),
                bars)
    }

    func field(_ row: [String], _ c: Int) -> String { CSVRecords.field(row, c) }

    func kind(of c: Int, header: [String], tables: [MemberTable]) -> ColumnKind {
        if header[c].lowercased().hasPrefix("paper") { return .paper }
        return CSVRecords.isNumeric(column: c, in: tables.map { Array($0.records.dropFirst()) }) ? .numeric : .label
    }

    /// The members' rows, row by row: matched by their text cells when those name each row
    /// once and every member has the same set (a ranking's rows come in another order per
    /// seed), else by position when every member has as many rows.
    func aligned(_ tables: [MemberTable], kinds: [ColumnKind]) throws -> [[[String]]] {
        let labels = kinds.indices.filter { kinds[$0] == .label }
        let bodies = tables.map { Array($0.records.dropFirst()) }
        // All text cells first; then the first alone (the method of a ranking whose yes/no
        // columns differ between seeds).
        for columns in [labels, Array(labels.prefix(1))] where !columns.isEmpty {
            let keys = bodies.map { rows in rows.map { row in columns.map { field(row, $0) }.joined(separator: "\u{1F}") } }
            if keys.allSatisfy({ Set($0).count == $0.count && Set($0) == Set(keys[0]) }) {
                return keys[0].map { key in bodies.indices.map { m in bodies[m][keys[m].firstIndex(of: key)!] } }
            }
        }
        if let m = bodies.indices.first(where: { bodies[$0].count != bodies[0].count }) {
            throw AggregateError(file: "tables/\(stem).csv", problem: "has \(bodies[m].count) rows in member \(tables[m].member) "
                                 + "but \(bodies[0].count) in \(tables[0].member), and its text columns do not match the rows up")
        }
        return bodies[0].indices.map { r in bodies.map { $0[r] } }
    }

    /// A text cell over the members: itself when they agree, else each value with its count
    /// in order of first appearance ("yes ×2, no ×1").
    static func tally(_ texts: [String]) -> String {
        var order: [String] = [], counts: [String: Int] = [:]
        for t in texts {
            if counts[t] == nil { order.append(t) }
            counts[t, default: 0] += 1
        }
        return order.count == 1 ? order[0] : order.map { "\($0.isEmpty ? "(empty)" : $0) ×\(counts[$0]!)" }.joined(separator: ", ")
    }

    /// The column a paper column reports: the numeric column whose name's words all appear in
    /// the paper column's name ("time-smoothgrad (mean map)" for "paper (Time-Smoothgrad, mean
    /// map)"), the one with the most words; else the nearest numeric column to its left.
    static func paperTarget(_ paper: Int, header: [String], kinds: [ColumnKind]) -> Int? {
        func words(_ s: String) -> Set<String> {
            Set(s.lowercased().split { !($0.isLetter || $0.isNumber || $0 == "-") }.map(String.init))
        }
        let written = words(header[paper]).subtracting(["paper"])
        let numeric = header.indices.filter { kinds[$0] == .numeric }
        let named = numeric.filter { !words(header[$0]).isEmpty && words(header[$0]).isSubset(of: written) }
        if let best = named.max(by: { (words(header[$0]).count, -$0) < (words(header[$1]).count, -$1) }) { return best }
        return numeric.last { $0 < paper }
    }

    /// The number a paper cell starts with ("0.953", "0.92 ± 0.01" → 0.92); nil for "—".
    static func leadingNumber(_ text: String) -> Double? {
        let head = text.prefix { $0.isNumber || $0 == "." || $0 == "-" || $0 == "e" || $0 == "+" }
        return Double(head).flatMap { $0.isFinite ? $0 : nil }
    }

    /// "0.953 ± 0.012 [0.938, 0.968]", three decimals as the papers print (a mean alone for n = 1).
    static func readable(_ s: SampleSummary) -> String {
        guard let sd = s.standardDeviation, let ci = s.interval else { return readable(s.mean) }
        return "\(readable(s.mean)) ± \(readable(sd)) [\(readable(ci.lowerBound)), \(readable(ci.upperBound))]"
    }

    static func readable(_ x: Double) -> String {
        abs(x) >= 1000 || (x != 0 && abs(x) < 0.001) ? String(format: "%.3g", x) : fixed3(x)
    }
}

/// A member output the aggregate cannot pool.
public struct AggregateError: Error, CustomStringConvertible {
    public let file: String
    public let problem: String
    public var description: String { "\(file) \(problem)" }
}
