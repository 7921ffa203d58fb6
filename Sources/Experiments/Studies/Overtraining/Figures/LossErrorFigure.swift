import Figures

/// Fig. 2: train, validation and test loss with the test error, and the last layer's weight norm,
/// over epochs (from train/metrics.csv and metrics/test-per-epoch.csv).
enum LossErrorFigure {
    static func draw(_ canvas: inout FigureCanvas) throws {
        let dir = canvas.directory
        let marker = OvertrainingFigures.referenceMarker(try ReferenceEpoch.read(dir).epoch)
        let history = try TrainingHistory(in: dir)
        let test = try OvertrainingArtifacts.testPerEpoch.read(in: dir)
        let x = history.rows.map { Double($0.epoch) }
        // Checkpoints imported without `evaluateTraining` have no training loss (NaN): no line for it.
        let trainLoss = history.rows.allSatisfy({ $0.trainLoss.isFinite })
            ? [LineSeries("train loss", x: x, y: history.rows.map(\.trainLoss))] : []
        let testX = try (0..<test.count).map { try test.double($0, "epoch") }
        try canvas.save(LineChart(title: "Loss and test error", xLabel: "epoch", yLabel: "loss / error",
                                  series: trainLoss + [LineSeries("validation loss", x: x, y: history.rows.map(\.validationLoss)),
                                           LineSeries("test loss", x: testX, y: try (0..<test.count).map { try test.double($0, "test_loss") }),
                                           LineSeries("test error", x: testX, y: try (0..<test.count).map { try test.double($0, "test_error") }, dashed: true)],
                                  markers: marker), "fig2-loss-error")
        try canvas.save(LineChart(title: "Norm of the last layer's weights", xLabel: "epoch", yLabel: "‖W‖₂",
                                  series: [LineSeries("last layer", x: x, y: history.rows.map(\.lastLayerWeightNorm))], markers: marker),
                        "fig2-weight-norm")
    }
}
