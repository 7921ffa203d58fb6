/// The tables and arrays paper 000's stages pass on, declared once (`TableArtifact`, `ArrayArtifact`).
enum TimeSmoothGradArtifacts {
    /// Regression on the test steps: one row.
    static let regression = TableArtifact(path: "metrics/regression.csv", columns: ["pearson", "mse_standardized", "mse_raw"])
    /// Per AR state; then `ndcg_<method>` and `per_step_ndcg_<method>` for every method of the spec.
    static let states = TableArtifact(path: "metrics/states.csv",
                                      columns: ["state", "test_steps", "pearson", "mse_standardized", "ndcg_random_ranking"])
    /// Per PAMAP2 activity of the test subject; an empty Pearson cell where it cannot be computed.
    static let activities = TableArtifact(path: "metrics/activities.csv", columns: ["activity", "test_steps", "pearson", "mse_standardized"])

    /// The AR-states series as generated: raw x (T, D), raw y (T, 1), standardised x (T, D),
    /// and F_s (S, D).
    static func seriesInputs(_ s: ARStatesSpec) -> ArrayArtifact { ArrayArtifact(path: "data/series-inputs.npy", shape: [nil, s.features]) }
    static let seriesTargets = ArrayArtifact(path: "data/series-targets.npy", shape: [nil, 1])
    static func standardizedInputs(_ s: ARStatesSpec) -> ArrayArtifact {
        ArrayArtifact(path: "data/series-inputs-standardized.npy", shape: [nil, s.features])
    }
    static func coefficients(_ s: ARStatesSpec) -> ArrayArtifact { ArrayArtifact(path: "data/coefficients.npy", shape: [s.states, s.features]) }

    /// One method's maps of the test steps at the reference epoch, (test steps, features), and
    /// the model's raw-scale predictions there, (test steps, 1).
    static func maps(epoch: Int, method: String, features: Int?) -> ArrayArtifact {
        ArrayArtifact(path: RunDirectory.attributionFolder(epoch: epoch) + "/\(method).npy", shape: [nil, features])
    }
    static func predictions(epoch: Int) -> ArrayArtifact {
        ArrayArtifact(path: RunDirectory.attributionFolder(epoch: epoch) + "/predictions.npy", shape: [nil, 1])
    }
}
