import Figures

/// An aggregated table as grouped bars: one group per row (its grid point and text cells),
/// one series per numeric column, the bar at our mean with the 95 % interval as its error
/// bar, and a paper column as bars of its own (no error bar). Columns with an empty cell are
/// left out; a table too wide or too long to read as bars gives no chart.
struct BarsOfTable {
    enum Value {
        case ours(SampleSummary)
        case paper(Double)
    }

    let title: String
    /// The numeric and paper columns, in table order.
    let columns: [String]
    private(set) var groups: [String] = []
    /// values[g][s]: group g, column s; nil for an empty cell.
    private(set) var values: [[Value?]] = []

    init(title: String, columns: [String]) {
        self.title = title
        self.columns = columns
    }

    mutating func add(group: String, values row: [Value?]) {
        groups.append(group)
        values.append(row)
    }

    static let maxSeries = 8, maxGroups = 16

    var chart: BarChart? {
        let complete = columns.indices.filter { s in values.allSatisfy { $0[s] != nil } }
        guard !groups.isEmpty, !complete.isEmpty, complete.count <= BarsOfTable.maxSeries, groups.count <= BarsOfTable.maxGroups else { return nil }
        let series = complete.map { s -> BarSeries in
            let cells = values.map { $0[s]! }
            var means: [Double] = [], lower: [Double] = [], upper: [Double] = []
            for cell in cells {
                switch cell {
                case .ours(let summary):
                    means.append(summary.mean)
                    lower.append(summary.interval?.lowerBound ?? summary.mean)
                    upper.append(summary.interval?.upperBound ?? summary.mean)
                case .paper(let x):
                    means.append(x); lower.append(x); upper.append(x)
                }
            }
            let isPaper = cells.contains { if case .paper = $0 { return true }; return false }
            return BarSeries(columns[s], values: means, lower: isPaper ? nil : lower, upper: isPaper ? nil : upper,
                             color: isPaper ? Color(hex: 0x999999) : nil)
        }
        return BarChart(title: title, yLabel: "mean, 95 % CI over seeds", groups: groups, series: series,
                        showValues: series.count <= 3)
    }
}
