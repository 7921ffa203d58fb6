import Figures

/// Fig. 3: S_sim of the generated signals, and the count of failed units, per layer and variant.
enum SimilarityBarsFigure {
    static func draw(_ canvas: inout FigureCanvas) throws {
        let spec = canvas.spec, am = spec.activationMaximization, note = ActivationMaximizationFigures.seedsNote(spec)
        let page = canvas.page(width: 8.4)
        try canvas.save(BarChart(title: "S_sim of generated signals" + note, xLabel: "layer", yLabel: "S_sim (lower is better)",
                                 groups: am.layers, series: try ActivationMaximizationFigures.bars("s_sim", spec, in: canvas.directory),
                                 valueDecimals: 2), "fig3-ssim", page)
        try canvas.save(BarChart(title: "Failed units (max |x*| > \(number(am.failThreshold)) g)" + note, xLabel: "layer",
                                 yLabel: "failed units", groups: am.layers,
                                 series: try ActivationMaximizationFigures.bars("failed_units", spec, in: canvas.directory),
                                 valueDecimals: 1), "fig3-failed-units", page)
    }
}
