import Figures

/// Deletion and insertion curves of every method and the random control at the reference epoch
/// (faithfulness/epoch-NNNN-curves.csv): the explained class's mean probability against the
/// fraction of pixels removed (or put back).
enum FaithfulnessCurvesFigure {
    static func draw(_ canvas: inout FigureCanvas) throws {
        let dir = canvas.directory
        let reference = try ReferenceEpoch.read(dir).epoch
        let epochs = SnapshotModel.epochs(canvas.spec)
        let epoch = epochs.contains(reference) ? reference : epochs.last!
        let rows = try FaithfulnessArtifacts.curves(epoch: epoch).read(in: dir)
        let methods = canvas.spec.attribution.map(\.name) + [FaithfulnessArtifacts.randomControl]
        for (column, title, yLabel) in [("deletion", "Deletion", "p(class) after removing the top pixels"),
                                        ("insertion", "Insertion", "p(class) after putting back the top pixels")] {
            let series = try methods.map { method -> LineSeries in
                let r = try (0..<rows.count).filter { try rows.string($0, "method") == method }
                let line = LineSeries(method == FaithfulnessArtifacts.randomControl ? "random (control)" : method,
                                      x: try r.map { try rows.double($0, "fraction_removed") }, y: try r.map { try rows.double($0, column) })
                return method == FaithfulnessArtifacts.randomControl
                    ? LineSeries(line.name, x: line.x, y: line.y, color: Color(hex: 0x000000), dashed: true) : line
            }
            try canvas.save(LineChart(title: "\(title) curves at epoch \(epoch)", xLabel: "fraction of pixels " + (column == "deletion" ? "removed" : "put back"),
                                      yLabel: yLabel, series: series), "faithfulness-\(column)-curves")
        }
    }
}
