import Figures

/// Test accuracy against transparency (the fraction of inputs the rules answer), one line per
/// rule learner with its AUTAC in the legend: figures/transparency-accuracy.png.
enum TransparencyAccuracyFigure {
    static func draw(_ canvas: inout FigureCanvas) throws {
        let curves = try RuleCurves(in: canvas.directory)
        let series = curves.learners.enumerated().map { i, learner in
            let c = curves.curves[learner]!
            return LineSeries("\(learner) (AUTAC \(fixed3(c.autac)))", x: c.transparency, y: c.accuracy,
                              marker: [Marker.circle, .square, .triangle, .diamond][i % 4])
        }
        try canvas.save(LineChart(title: "\(canvas.spec.name): accuracy against transparency",
                                  xLabel: "transparency (fraction answered by rules)", yLabel: "test accuracy",
                                  series: series, xLimits: 0...1),
                        "transparency-accuracy")
    }
}
