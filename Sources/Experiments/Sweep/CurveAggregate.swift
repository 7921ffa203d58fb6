import Figures

/// A per-epoch CSV of every member (train/metrics.csv, a drift summary, faithfulness over
/// epochs) drawn as curves over the members: for each numeric column, the mean at each epoch
/// with its 95 % Student-t interval as a shaded band, one line per grid point and per value of
/// the text column with the fewest values (a drift summary's group); each combination of the
/// other text columns (method, metric) is a figure of its own.
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

    /// "train-metrics-train-loss", "drift-summary-mean-saliency-ssim": the figure's file stem.
    func stem(_ column: String, split: String) -> String {
        let base = file.replacingOccurrences(of: ".csv", with: "").replacingOccurrences(of: "/", with: "-")
        return ([base, column] + (split.isEmpty ? [] : [split.replacingOccurrences(of: " · ", with: "-")])).map { SweepAxis.label(.string($0), index: 0) }.joined(separator: "-")
    }

    /// In a file of summaries (it has "mean"), the other statistics are not curves worth pooling.
    static let summaryStatistics: Set<String> = ["count", "std", "min", "max"]

    /// The text cells of `columns` in `row`, joined: a curve's or a figure's key.
    func key(_ row: [String], _ columns: [Int]) -> String { columns.map { CSVRecords.field(row, $0) }.joined(separator: " · ") }

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
                && !(header.contains("mean") && CurveAggregate.summaryStatistics.contains(header[c]))
        }
        // The text column with the fewest values tells the lines of a figure apart (the group of
        // a drift summary); every combination of the others is a figure of its own (method, metric).
        let distinct = labels.map { c in Set(bodies.flatMap { $0.map { CSVRecords.field($0, c) } }).count }
        let seriesColumns = labels.indices.min { (distinct[$0], $0) < (distinct[$1], $1) }.map { [labels[$0]] } ?? []
        let splitColumns = labels.filter { !seriesColumns.contains($0) }
        let splits = ordered(bodies.flatMap { $0.map { key($0, splitColumns) } })
        var charts: [(stem: String, chart: LineChart)] = []
        for c in values {
            for split in splits {
                var series: [LineSeries] = []
                for point in points {
                    let rows = point.tables.filter { $0.records.first == header }.map { $0.records.dropFirst().filter { key($0, splitColumns) == split } }
                    for line in ordered(rows.flatMap { $0.map { key($0, seriesColumns) } }) {
                        let name = [point.label, line].filter { !$0.isEmpty }.joined(separator: " · ")
                        if let curve = curve(rows.map { $0.filter { key($0, seriesColumns) == line } }, epoch: epochColumn, value: c, name: name) {
                            series.append(curve)
                        }
                    }
                }
                guard !series.isEmpty else { continue }
                let n = Set(points.map { $0.tables.count }).sorted().map(String.init).joined(separator: ", ")
                let title = "\(header[c])\(split.isEmpty ? "" : " (\(split))") — mean and 95 % CI over seeds (n = \(n))"
                charts.append((stem(header[c], split: split), LineChart(title: title, xLabel: "epoch", yLabel: header[c], series: series)))
            }
        }
        return charts
    }

    /// One line from each member's rows of it: at every epoch all members have a value for,
    /// their mean, and the band of the 95 % interval when every epoch has one (n ≥ 2).
    func curve(_ members: [[[String]]], epoch: Int, value: Int, name: String) -> LineSeries? {
        let perMember: [[Double: Double]] = members.map { rows in
            var byEpoch: [Double: Double] = [:]
            for r in rows {
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
