import Figures

/// Paper 003's figures, one file each under `Figures/`: error / loss / weight-norm curves
/// (Fig. 2), entropy and correct-class probability per group (Fig. 4), methods × epochs
/// heatmaps of chosen samples (Fig. 3), and SSIM / Spearman against epoch per method and group
/// with the reference epoch marked (Fig. 5).
enum OvertrainingFigures {
    static let drawings: [FigureName: (inout FigureCanvas) throws -> Void] = [
        .errorCurves: LossErrorFigure.draw,
        .confidence: ConfidenceFigure.draw,
        .heatmapGrid: HeatmapGridFigure.draw,
        .driftCurves: DriftCurvesFigure.draw,
        .faithfulnessCurves: FaithfulnessCurvesFigure.draw,
        .faithfulnessEpochs: FaithfulnessEpochsFigure.draw,
    ]

    /// The reference epoch as a vertical line, on every curve over epochs.
    static func referenceMarker(_ epoch: Int) -> [VerticalMarker] {
        [VerticalMarker(x: Double(epoch), label: "reference \(epoch)")]
    }
}

extension FigureName {
    static let errorCurves = FigureName(rawValue: "error-curves"), confidence = FigureName(rawValue: "confidence")
    static let heatmapGrid = FigureName(rawValue: "heatmap-grid"), driftCurves = FigureName(rawValue: "drift-curves")
}
