/// A figure a spec's `figures` list can ask for; which study draws which is in its `Study.figures`.
public enum FigureName: String, CaseIterable, Sendable {
    // Paper 000 (time-smoothgrad)
    case trainingCurves = "training-curves", stateHeatmaps = "state-heatmaps", liftChart = "lift-chart"
    case activityAttribution = "activity-attribution"
    // Paper 003 (overtraining)
    case errorCurves = "error-curves", confidence, heatmapGrid = "heatmap-grid", driftCurves = "drift-curves"
    // Paper 004 (activation-maximization)
    case similarityBars = "similarity-bars", ratioBars = "ratio-bars", unitSignals = "unit-signals"
    case nearestWindows = "nearest-windows", activationAtlas = "activation-atlas"
}

/// A metric a spec's `metrics` list can ask for.
public enum MetricName: String, CaseIterable, Sendable {
    case regression, ndcgPerState = "ndcg-per-state", ndcgPerStep = "ndcg-per-step"
}

extension SpecReader {
    /// One of a closed set of names, decoded here: the error lists every valid one.
    public func choice<Name: RawRepresentable & CaseIterable>(_: Name.Type) throws -> Name where Name.RawValue == String {
        Name(rawValue: try choice(Name.allCases.map(\.rawValue)))!  // `choice` accepted only these names
    }
}
