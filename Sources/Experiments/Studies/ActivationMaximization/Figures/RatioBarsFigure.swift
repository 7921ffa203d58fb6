import Figures

/// Fig. 4: the median over units of max a / th, per layer and variant.
enum RatioBarsFigure {
    static func draw(_ canvas: inout FigureCanvas) throws {
        let spec = canvas.spec
        try canvas.save(BarChart(title: "Largest activation over th" + ActivationMaximizationFigures.seedsNote(spec), xLabel: "layer",
                                 yLabel: "median over units of max a / th", groups: spec.activationMaximization.layers,
                                 series: try ActivationMaximizationFigures.bars("median_ratio", spec, in: canvas.directory),
                                 valueDecimals: 2), "fig4-ratio", canvas.page(width: 8.4))
    }
}
