import Figures

/// Fig. 4: output entropy and correct-class probability of the selected samples, group means
/// over epochs (from each snapshot's outputs.csv).
enum ConfidenceFigure {
    static func draw(_ canvas: inout FigureCanvas) throws {
        let dir = canvas.directory
        let marker = OvertrainingFigures.referenceMarker(try ReferenceEpoch.read(dir).epoch)
        let epochs = SnapshotModel.epochs(canvas.spec)
        var entropy: [String: [Double]] = [:], probability: [String: [Double]] = [:]
        for epoch in epochs {
            let rows = try OvertrainingArtifacts.outputs(epoch: epoch).read(in: dir)
            for group in ["A", "B", "C"] {
                let items = try (0..<rows.count).filter { try rows.string($0, "group") == group }
                guard !items.isEmpty else { continue }
                entropy[group, default: []].append(try items.map { try rows.double($0, "entropy") }.reduce(0, +) / Double(items.count))
                probability[group, default: []].append(try items.map { try rows.double($0, "correct_class_probability") }.reduce(0, +) / Double(items.count))
            }
        }
        let x = epochs.map(Double.init)
        let groups = ["A", "B", "C"].filter { entropy[$0] != nil }
        try canvas.save(LineChart(title: "Output entropy of the selected samples", xLabel: "epoch", yLabel: "entropy (nats), group mean",
                                  series: groups.map { LineSeries("group \($0)", x: x, y: entropy[$0]!) }, markers: marker), "fig4-entropy")
        try canvas.save(LineChart(title: "Correct-class probability of the selected samples", xLabel: "epoch", yLabel: "p(correct class), group mean",
                                  series: groups.map { LineSeries("group \($0)", x: x, y: probability[$0]!) }, markers: marker), "fig4-probability")
    }
}
