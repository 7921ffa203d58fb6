import Figures

/// Fig. 2: per-state nDCG of each method (mean map and per step), states sorted by the
/// prediction's correlation (metrics/states.csv).
enum LiftChartFigure {
    static func draw(_ canvas: inout FigureCanvas) throws {
        let spec = canvas.spec, dir = canvas.directory
        let states = try TimeSmoothGradArtifacts.states.read(in: dir)
        let order = try (0..<states.count).sorted { try states.double($0, "pearson") < states.double($1, "pearson") }
        let rank = (1...order.count).map(Double.init)
        var series = [LineSeries("prediction Pearson", x: rank, y: try order.map { try states.double($0, "pearson") },
                                 color: Color(hex: 0x777777), marker: .circle, dashed: true)]
        for method in spec.attribution {
            if spec.metrics.contains(.ndcgPerState) {
                series.append(LineSeries("nDCG \(method.name)", x: rank, y: try order.map { try states.double($0, "ndcg_\(method.name)") }, marker: .circle))
            }
            if spec.metrics.contains(.ndcgPerStep) {
                series.append(LineSeries("per-step nDCG \(method.name)", x: rank,
                                         y: try order.map { try states.double($0, "per_step_ndcg_\(method.name)") }, marker: .square))
            }
        }
        try canvas.save(LineChart(title: "Lift chart: nDCG by state, sorted by prediction correlation",
                           xLabel: "state rank (ascending prediction Pearson)", yLabel: "score", series: series),
                 "lift-chart")
    }
}
