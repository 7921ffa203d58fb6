/// The stages a spec runs, by its data kind.
public enum Pipeline {
    public static func stages(for spec: ExperimentSpec) -> [Stage] {
        switch spec.data {
        case .arStates:
            return [ARStatesDataStage(), TrainingStage(), TimeSeriesAttributionStage(), StateMetricsStage(), TimeSmoothGradTablesStage(), TimeSmoothGradFiguresStage()]
        case .images:
            return [ImageDataStage(), TrainingStage(), SelectStage(), SnapshotAttributionStage(), DriftStage(),
                    OvertrainingTablesStage(), OvertrainingFiguresStage()]
        case .sensors:
            return [SensorDataStage(), SeedTrainingStage(), ClassificationScoresStage(), ActivationMaximizationStage(),
                    SignalSimilarityStage(), ActivationMaximizationFiguresStage()]
        case .pamap2:
            return [PAMAP2DataStage(), TrainingStage(), TimeSeriesAttributionStage(), ActivityMetricsStage(), ActivityTablesStage(),
                    ActivityAttributionFiguresStage()]
        }
    }
}
