import Figures

/// Fig. 5: per method, SSIM and Spearman against the reference epoch's map over epochs, one line
/// per group, with the adjacent-epoch similarity of all samples as a dashed floor (drift/<method>.csv).
enum DriftCurvesFigure {
    static func draw(_ canvas: inout FigureCanvas) throws {
        let dir = canvas.directory
        let reference = try ReferenceEpoch.read(dir).epoch
        let marker = OvertrainingFigures.referenceMarker(reference)
        let epochs = SnapshotModel.epochs(canvas.spec)
        for method in canvas.spec.attribution {
            let summary = try DriftSummary(method: method.name, in: dir)
            for (metric, value, previous) in OvertrainingTablesStage.measures(canvas.spec) {
                var series = ["A", "B", "C"].filter { summary.points[$0] != nil }.map { group -> LineSeries in
                    let s = summary.series(group, epochs, value)
                    return LineSeries("group \(group)", x: s.x, y: s.y)
                }
                let floor = summary.series("all", epochs, previous)
                if !floor.x.isEmpty { series.append(LineSeries("adjacent epochs (all)", x: floor.x, y: floor.y, color: Color(hex: 0x777777), dashed: true)) }
                try canvas.save(LineChart(title: "\(method.name): \(metric) against epoch \(reference)", xLabel: "epoch",
                                          yLabel: metric, series: series, markers: marker), "fig5-\(method.name)-\(metric.lowercased())")
            }
        }
    }
}
