import Attribution

/// Paper 000: Time-Smoothgrad against the plain gradient on a regression MLP — on synthetic AR
/// states (which feature drives each state, ranked by nDCG) and on PAMAP2 (which channel
/// predicts the chest magnetometer, per activity).
public enum TimeSmoothGradStudy: Study {
    public static let name = "time-smoothgrad"
    public static let summary = "paper 000: Time-Smoothgrad vs gradient on a time-series regression"
    public static let dataKinds = ["ar-states"] + PAMAP2DataSpec.Source.allCases.map(\.rawValue)
    public static let modelKinds = ["mlp"]
    public static let methods = AttributionMethods.series.map { $0.name }
    public static let metrics: [MetricName] = [.regression, .ndcgPerState, .ndcgPerStep, .faithfulness]
    public static let sectionKeys = ["faithfulness"]

    /// Paper 002's faithfulness options, when asked for.
    struct Section: FaithfulnessSection {
        var faithfulness: FaithfulnessSpec?
        var json: [(key: String, value: JSONValue)] { faithfulness.map { [("faithfulness", $0.json)] } ?? [] }
    }

    public static func readSection(_ fields: ObjectFields, file: String) throws -> any StudySection {
        Section(faithfulness: try FaithfulnessSpec.readIfAsked(fields, file: file))
    }
    public static let figures: [FigureName] = [.trainingCurves, .stateHeatmaps, .liftChart, .activityAttribution]

    /// AR states: every metric and its figures; PAMAP2: what activities allow.
    public static func defaultMetrics(data: DataSpec) -> [MetricName] {
        // Faithfulness costs forward passes per test step and feature: asked for, not default.
        if case .pamap2 = data { return [.regression] }
        return [.regression, .ndcgPerState, .ndcgPerStep]
    }
    public static func defaultFigures(data: DataSpec) -> [FigureName] {
        if case .pamap2 = data { return [.trainingCurves, .activityAttribution] }
        return [.trainingCurves, .stateHeatmaps, .liftChart]
    }

    public static func validate(_ spec: ExperimentSpec, file: String) throws {
        // A blurred series is not a removal: the box would average a row's unrelated features.
        for (i, entry) in spec.attribution.enumerated() {
            if let removal = entry.method as? any RemovalMethod, case .blur = removal.baseline {
                throw SpecError(file: file, path: "attribution[\(i)].baseline", "\"blur\" is for images; a series takes zero, constant or dataset-mean")
            }
        }
        if let f = spec.faithfulness, case .blur = f.baseline {
            throw SpecError(file: file, path: "faithfulness.baseline", "\"blur\" is for images; a series takes zero, constant or dataset-mean")
        }
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
            if let i = spec.figures.firstIndex(of: .liftChart), !spec.metrics.contains(.ndcgPerState), !spec.metrics.contains(.ndcgPerStep) {
                throw SpecError(file: file, path: "figures[\(i)]", "\"lift-chart\" plots nDCG: add \"ndcg-per-state\" or \"ndcg-per-step\" to metrics")
            }
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
            if let window = (method.method as? TimeSmoothGrad)?.window, window > length {
                throw SpecError(file: file, path: "attribution[\(i)].window", "must be at most the series length, \(length) steps "
                                + "(\(data.states) states × \(data.stepsPerState) stepsPerState), got \(window)")
            }
        }
    }

    public static func stages(for spec: ExperimentSpec) throws -> [Stage] {
        switch spec.data {
        case .arStates(let s):
            return [ARStatesDataStage(data: s), TrainingStage(), TimeSeriesAttributionStage(series: .arStates(s)),
                    StateMetricsStage(data: s)] + faithfulness(spec, .arStates(s))
                + [TimeSmoothGradTablesStage(data: s), FiguresStage(drawings: TimeSmoothGradFigures.drawings(states: s))]
        case .pamap2(let s):
            // The activity table is the regression per activity: both come with "regression".
            let scores: [Stage] = spec.metrics.contains(.regression) ? [ActivityMetricsStage(), ActivityTablesStage(data: s)] : []
            return [PAMAP2DataStage(data: s), TrainingStage(), TimeSeriesAttributionStage(series: .pamap2)] + scores
                + faithfulness(spec, .pamap2) + [FiguresStage(drawings: TimeSmoothGradFigures.drawings(pamap2: s))]
        default:
            throw wrongData(spec)
        }
    }

    /// Paper 002's scores of the reference epoch's maps over the test steps, when asked for.
    static func faithfulness(_ spec: ExperimentSpec, _ series: TimeSeriesAttributionStage.Series) -> [Stage] {
        guard let f = spec.faithfulness else { return [] }
        var stage = FaithfulnessStage(faithfulness: f, explained: { try TimeSeriesAttributionStage.explained(series, $0) },
                                      maps: { epoch, method, _ in TimeSmoothGradArtifacts.maps(epoch: epoch, method: method, features: nil) })
        stage.mapEpochs = { _, reference in [reference] }
        return [stage]
    }
}


extension MetricName {
    /// Paper 000's scores: the regression (Pearson, MSE), and per AR state the nDCG of each
    /// method's mean map and the mean of its per-step nDCGs against |F_s|.
    static let regression = MetricName(rawValue: "regression")
    static let ndcgPerState = MetricName(rawValue: "ndcg-per-state"), ndcgPerStep = MetricName(rawValue: "ndcg-per-step")
}
