import Figures

/// Deletion and insertion AUC of every method over the snapshot epochs (metrics/faithfulness.csv),
/// the reference epoch marked: whether a drifting map gets more or less faithful.
enum FaithfulnessEpochsFigure {
    static func draw(_ canvas: inout FigureCanvas) throws {
        let dir = canvas.directory
        let reference = try ReferenceEpoch.read(dir).epoch
        let rows = try FaithfulnessArtifacts.all.read(in: dir)
        let methods = canvas.spec.attribution.map(\.name) + [FaithfulnessArtifacts.randomControl]
        for (column, label) in [("deletion_auc", "deletion AUC (lower is better)"), ("insertion_auc", "insertion AUC (higher is better)")] {
            let series = try methods.map { method -> LineSeries in
                let r = try (0..<rows.count).filter { try rows.string($0, "method") == method }
                let x = try r.map { try rows.double($0, "epoch") }, y = try r.map { try rows.double($0, column) }
                return method == FaithfulnessArtifacts.randomControl
                    ? LineSeries("random (control)", x: x, y: y, color: Color(hex: 0x000000), dashed: true) : LineSeries(method, x: x, y: y)
            }
            try canvas.save(LineChart(title: "Faithfulness over epochs: \(label)", xLabel: "epoch", yLabel: label, series: series,
                                      markers: [VerticalMarker(x: Double(reference), label: "reference \(reference)")]),
                            "faithfulness-\(column.replacingOccurrences(of: "_", with: "-"))-epochs")
        }
    }
}

extension FigureName {
    /// Paper 002's figures, drawn by any study that computes "faithfulness".
    static let faithfulnessCurves = FigureName(rawValue: "faithfulness-curves"), faithfulnessEpochs = FigureName(rawValue: "faithfulness-epochs")
}
