import Figures

/// Paper 000's figures, one file each under `Figures/`, for the study's two kinds of data:
///   training-curves — train and validation loss per epoch, the reference epoch marked;
///   state-heatmaps — Fig. 1 (AR states); lift-chart — Fig. 2 (AR states);
///   activity-attribution — Fig. 3 (PAMAP2).
enum TimeSmoothGradFigures {
    static func drawings(states: ARStatesSpec) -> [FigureName: (inout FigureCanvas) throws -> Void] {
        [.trainingCurves: TrainingCurvesFigure.draw,
         .stateHeatmaps: { try StateHeatmapsFigure.draw(&$0, data: states) },
         .liftChart: LiftChartFigure.draw]
    }

    static func drawings(pamap2: PAMAP2DataSpec) -> [FigureName: (inout FigureCanvas) throws -> Void] {
        [.trainingCurves: TrainingCurvesFigure.draw,
         .activityAttribution: { try ActivityAttributionFigure.draw(&$0, data: pamap2) }]
    }
}

extension FigureName {
    static let trainingCurves = FigureName(rawValue: "training-curves"), stateHeatmaps = FigureName(rawValue: "state-heatmaps")
    static let liftChart = FigureName(rawValue: "lift-chart"), activityAttribution = FigureName(rawValue: "activity-attribution")
}
