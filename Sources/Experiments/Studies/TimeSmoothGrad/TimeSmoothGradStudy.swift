/// Paper 000: Time-Smoothgrad against the plain gradient on a regression MLP — on synthetic AR
/// states (which feature drives each state, ranked by nDCG) and on PAMAP2 (which channel
/// predicts the chest magnetometer, per activity).
public enum TimeSmoothGradStudy: Study {
    public static let name = "time-smoothgrad"
    public static let summary = "paper 000: Time-Smoothgrad vs gradient on a time-series regression"
    public static let dataKinds = ["ar-states"] + PAMAP2DataSpec.Source.allCases.map(\.rawValue)
    public static let modelKinds = ["mlp"]
    public static let methods = ["gradient", "time-smoothgrad"]
    public static let metrics: [MetricName] = [.regression, .ndcgPerState, .ndcgPerStep]
    public static let figures: [FigureName] = [.trainingCurves, .stateHeatmaps, .liftChart, .activityAttribution]

    public static func validate(_ spec: ExperimentSpec, file: String) throws {
        // The AR-states figures and nDCG need the states; PAMAP2 has activities instead.
        switch spec.data {
        case .pamap2:
            if let i = spec.metrics.firstIndex(where: [.ndcgPerState, .ndcgPerStep].contains) {
                throw SpecError(file: file, path: "metrics[\(i)]", "\"\(spec.metrics[i].rawValue)\" needs AR states; PAMAP2 data has activities")
            }
            if let i = spec.figures.firstIndex(where: [.stateHeatmaps, .liftChart].contains) {
                throw SpecError(file: file, path: "figures[\(i)]", "\"\(spec.figures[i].rawValue)\" needs AR states; PAMAP2 data has activities")
            }
        default:
            if let i = spec.figures.firstIndex(of: .activityAttribution) {
                throw SpecError(file: file, path: "figures[\(i)]", "\"activity-attribution\" needs PAMAP2 data")
            }
        }
        try validateWindows(spec, file: file)
    }

    /// A window longer than the series it averages along only ever averages from the series
    /// start: the method silently becomes another. The AR states' series length is known from
    /// the spec (states × stepsPerState); PAMAP2's is known only once its files are read.
    static func validateWindows(_ spec: ExperimentSpec, file: String) throws {
        guard case .arStates(let data) = spec.data else { return }
        let (product, overflow) = data.states.multipliedReportingOverflow(by: data.stepsPerState)
        let length = overflow ? Int.max : product
        for (i, method) in spec.attribution.enumerated() {
            if case .timeSmoothGrad(let window) = method, window > length {
                throw SpecError(file: file, path: "attribution[\(i)].window", "must be at most the series length, \(length) steps "
                                + "(\(data.states) states × \(data.stepsPerState) stepsPerState), got \(window)")
            }
        }
    }

    public static func stages(for spec: ExperimentSpec) throws -> [Stage] {
        switch spec.data {
        case .arStates(let s):
            return [ARStatesDataStage(data: s), TrainingStage(), TimeSeriesAttributionStage(series: .arStates(s)),
                    StateMetricsStage(data: s), TimeSmoothGradTablesStage(data: s), FiguresStage(drawings: TimeSmoothGradFigures.drawings(states: s))]
        case .pamap2(let s):
            return [PAMAP2DataStage(data: s), TrainingStage(), TimeSeriesAttributionStage(series: .pamap2), ActivityMetricsStage(),
                    ActivityTablesStage(data: s), FiguresStage(drawings: TimeSmoothGradFigures.drawings(pamap2: s))]
        default:
            throw wrongData(spec)
        }
    }
}
