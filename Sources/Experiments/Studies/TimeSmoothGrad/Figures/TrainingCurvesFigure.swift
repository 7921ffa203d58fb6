import Figures

/// Train and validation loss per epoch with the reference epoch marked (train/metrics.csv).
enum TrainingCurvesFigure {
    static func draw(_ canvas: inout FigureCanvas) throws {
        let reference = try ReferenceEpoch.read(canvas.directory)
        let history = try TrainingHistory(in: canvas.directory)
        let epochs = history.rows.map { Double($0.epoch) }
        try canvas.save(LineChart(title: "Training (\(canvas.spec.name))", xLabel: "epoch", yLabel: "loss (MSE, standardised y)",
                                  series: [LineSeries("train", x: epochs, y: history.rows.map(\.trainLoss)),
                                           LineSeries("validation", x: epochs, y: history.rows.map(\.validationLoss))],
                                  markers: [VerticalMarker(x: Double(reference.epoch), label: "reference \(reference.epoch)")]),
                        "training-curves")
    }
}
