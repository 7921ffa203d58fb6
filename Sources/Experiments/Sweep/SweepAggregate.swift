import Figures
import Foundation

/// The aggregate of a sweep folder, from the finished members' output files alone (they may
/// have run anywhere): `aggregate/tables/<stem>.csv|md` for every results table of the members
/// (`TableAggregate`), `aggregate/figures/<file>-<column>.<format>` for every per-epoch CSV
/// (`CurveAggregate`), and `aggregate/members.csv` saying which members went in. Members are
/// read in sweep.json's order, so the bytes never depend on which finished first.
public enum SweepAggregate {
    public struct Outcome {
        /// Paths written, relative to the sweep folder.
        public let files: [String]
        public let pooled: [String]
        /// Members not finished, left out.
        public let missing: [String]
    }

    public static func write(_ folder: SweepFolder) throws -> Outcome {
        let record = try folder.readRecord()
        let finished = record.members.filter { MemberState.isFinished($0, in: folder.memberFolder($0.name)) }
        guard let first = finished.first else { throw SweepError.membersMissing(names: record.members.map(\.name)) }
        let done = Set(finished.map(\.name))
        let points = record.gridPoints.map { point in (point, point.members.filter { done.contains($0.name) }) }.filter { !$0.1.isEmpty }
        // Grid keys: the swept keys but the seed, in the sweep's order.
        let gridKeys = record.keys.filter { $0 != SweepAxis.replicateKey }
        let outputs = Set(finished.flatMap { Runner.recordedOutputs(in: folder.memberFolder($0.name)).keys }).sorted()
        let out = folder.aggregate
        let look = try figureLook(folder.memberFolder(first.name))
        var written: [String] = []

        for path in outputs where path.hasPrefix("tables/") && path.hasSuffix(".csv") {
            let stem = String(path.dropFirst("tables/".count).dropLast(".csv".count))
            let (title, notes) = markdownTitleAndNotes(folder.memberFolder(first.name), stem: stem)
            let aggregate = TableAggregate(stem: stem, title: title, memberNotes: notes, gridKeys: gridKeys, points: try points.map { point, members in
                TableAggregate.Point(values: gridKeys.map { key in point.members[0].values.first { $0.key == key }.map { SweepAggregate.text($0.value) } ?? "" },
                                     tables: try members.compactMap { m in try records(folder, m.name, path).map { .init(member: m.name, records: $0) } })
            }.filter { !$0.tables.isEmpty })
            let (csv, markdown, bars) = try aggregate.tables()
            try out.write(csv.csv, to: "tables/\(stem).csv")
            try out.write(markdown.markdown, to: "tables/\(stem).md")
            written += ["tables/\(stem).csv", "tables/\(stem).md"]
            if let chart = bars.chart { written += try save(chart, "table-\(stem)", look: look, in: out) }
        }

        for path in outputs where path.hasSuffix(".csv") && !path.hasPrefix("tables/") && !path.hasPrefix("data/") {
            guard let header = try records(folder, first.name, path)?.first, CurveAggregate.isCurveFile(header: header) else { continue }
            let curves = CurveAggregate(file: path, points: try points.map { point, members in
                CurveAggregate.Point(label: point.label,
                                     tables: try members.compactMap { m in try records(folder, m.name, path).map { (m.name, $0) } })
            })
            for (stem, chart) in curves.charts() { written += try save(chart, stem, look: look, in: out) }
        }

        let lines = ["member,grid_point,pooled"] + record.members.map { "\($0.name),\($0.gridPoint),\(done.contains($0.name) ? "yes" : "no")" }
        try out.write(lines.joined(separator: "\n") + "\n", to: "members.csv")
        written.append("members.csv")
        return Outcome(files: written.map { "aggregate/" + $0 }, pooled: finished.map(\.name),
                       missing: record.members.map(\.name).filter { !done.contains($0) })
    }

    /// Writes figures/<stem>.<format> for each of the members' formats; returns the paths.
    static func save(_ figure: Figure, _ stem: String, look: (formats: [FigureFormat], page: FigureSpec), in out: RunDirectory) throws -> [String] {
        try look.formats.map { format in
            let file = "figures/\(stem).\(format.rawValue)"
            try figure.write(to: try out.file(file), spec: look.page)
            return file
        }
    }

    /// A grid value as its table cell: a string without its quotes, anything else as JSON.
    static func text(_ value: JSONValue) -> String {
        if case .string(let s) = value { return s }
        return value.description
    }

    /// A member's CSV at `path` as records, nil when that member has no such file.
    static func records(_ folder: SweepFolder, _ member: String, _ path: String) throws -> [[String]]? {
        let directory = folder.memberFolder(member)
        guard directory.exists(path) else { return nil }
        return CSVRecords.parse(String(decoding: try directory.read(path), as: UTF8.self))
    }

    /// The title ("# …" line) and the notes (the lines after the table) of a member's Markdown table.
    static func markdownTitleAndNotes(_ member: RunDirectory, stem: String) -> (String, [String]) {
        guard let data = try? member.read("tables/\(stem).md") else { return (stem, []) }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let title = lines.first.map { $0.hasPrefix("# ") ? String($0.dropFirst(2)) : $0 } ?? stem
        guard let lastRow = lines.lastIndex(where: { $0.hasPrefix("|") }) else { return (title, []) }
        let notes = lines[(lastRow + 1)...].drop { $0.isEmpty }
        return (title, Array(notes.reversed().drop { $0.isEmpty }.reversed()))
    }

    /// The formats and page of the members' own figures (their resolved spec's figureFormats and dpi).
    static func figureLook(_ member: RunDirectory) throws -> (formats: [FigureFormat], page: FigureSpec) {
        let spec = try ExperimentSpec.load(member.resolvedSpec)
        return (spec.figureFormats, FigureSpec(width: 7.2, height: 4.2, dpi: Double(spec.dpi)))
    }
}
