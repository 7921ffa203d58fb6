import Figures

/// A per-epoch CSV of every member (train/metrics.csv, a drift summary, faithfulness over
/// epochs) drawn as curves over the members: for each numeric column, the mean at each epoch
/// with its 95 % Student-t interval as a shaded band, one line per grid point and per value of
/// the file's text columns (method, group). With two text columns or more, the last one
/// (e.g. "metric") splits the curves into one figure per value.
struct CurveAggregate {
    struct Point {
        /// The grid point's label ("" when only seeds are swept).
        let label: String
        /// Each member's records, header first.
        let tables: [(member: String, records: [[String]])]
    }

    /// Run-relative path of the file in each member.
    let file: String
    let points: [Point]

    /// Files with these columns are per sample, not per epoch: their summaries are drawn instead.
    static let perSampleColumns: Set<String> = ["row", "sample", "unit"]

    /// Whether a member's CSV with this header is a curve file.
    static func isCurveFile(header: [String]) -> Bool {
        header.contains("epoch") && perSampleColumns.isDisjoint(with: header)
    }

    /// "train-metrics-train_loss": the figure's file stem.
    func stem(_ column: String, split: String?) -> String {
        let base = file.replacingOccurrences(of: ".csv", with: "").replacingOccurrences(of: "/", with: "-")
        return ([base, column] + (split.map { [$0] } ?? [])).map { SweepAxis.label(.string($0), index: 0) }.joined(separator: "-")
    }

    func charts() -> [(stem: String, chart: LineChart)] {
        let all = points.flatMap(\.tables)
        guard let header = all.first?.records.first, let epochColumn = header.firstIndex(of: "epoch") else { return [] }
        let bodies = all.filter { $0.records.first == header }.map { Array($0.records.dropFirst()) }
        let numeric = header.indices.map { CSVRecords.isNumeric(column: $0, in: bodies) }
        // Text columns name the curves; one empty everywhere (accuracy of a regression) names nothing.
        let labels = header.indices.filter { c in !numeric[c] && bodies.contains { $0.contains { !CSVRecords.field($0, c).isEmpty } } }
        // A column constant within every member (a learning rate without schedule, a count) is not a curve.
        let values = header.indices.filter { c in
            c != epochColumn && numeric[c] && bodies.contains { Set($0.map { CSVRecords.field($0, c) }).count > 1 }
        }
        let split = labels.count >= 2 ? labels.last : nil
        let seriesColumns = labels.filter { $0 != split }
        let splitValues: [String?] = split.map { s in ordered(bodies.flatMap { $0.map { CSVRecords.field($0, s) } }) } ?? [nil]
        var charts: [(stem: String, chart: LineChart)] = []
        for c in values {
            for splitValue in splitValues {
                var series: [LineSeries] = []
                for point in points {
                    let rows = point.tables.filter { $0.records.first == header }.map { Array($0.records.dropFirst()) }
                    let keys = ordered(rows.flatMap { $0.map { r in seriesColumns.map { CSVRecords.field(r, $0) }.joined(separator: " · ") } })
                    for key in keys {
                        if let line = curve(rows, key: key, seriesColumns: seriesColumns, split: split.map { ($0, splitValue!) },
                                            epoch: epochColumn, value: c, name: [point.label, key].filter { !$0.isEmpty }.joined(separator: " · ")) {
                            series.append(line)
                        }
                    }
                }
                guard !series.isEmpty else { continue }
                let n = points.map { $0.tables.count }
                let title = "\(header[c])\(splitValue.map { " (\($0))" } ?? "") — mean and 95 % CI over seeds (n = \(Set(n).sorted().map(String.init).joined(separator: ", ")))"
                charts.append((stem(header[c], split: splitValue),
                               LineChart(title: title, xLabel: "epoch", yLabel: header[c], series: series)))
            }
        }
        return charts
    }

    /// One line: at every epoch all members have a value for, their mean, and the band of
    /// the 95 % interval when every epoch has one (n ≥ 2).
    func curve(_ members: [[[String]]], key: String, seriesColumns: [Int], split: (column: Int, value: String)?,
               epoch: Int, value: Int, name: String) -> LineSeries? {
        let perMember: [[Double: Double]] = members.map { rows in
            var byEpoch: [Double: Double] = [:]
            for r in rows where seriesColumns.map({ CSVRecords.field(r, $0) }).joined(separator: " · ") == key
                && split.map({ CSVRecords.field(r, $0.column) == $0.value }) ?? true {
                if let e = Double(CSVRecords.field(r, epoch)), let v = Double(CSVRecords.field(r, value)) { byEpoch[e] = v }
            }
            return byEpoch
        }
        guard let first = perMember.first else { return nil }
        let epochs = first.keys.filter { e in perMember.allSatisfy { $0[e] != nil } }.sorted()
        let summaries = epochs.compactMap { e in SampleSummary(perMember.map { $0[e]! }) }
        guard !summaries.isEmpty else { return nil }
        let intervals = summaries.compactMap(\.interval)
        let band = intervals.count == summaries.count ? (lower: intervals.map(\.lowerBound), upper: intervals.map(\.upperBound)) : nil
        return LineSeries(name, x: epochs, y: summaries.map(\.mean), band: band)
    }

    /// Distinct values in order of first appearance.
    func ordered(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }
}
