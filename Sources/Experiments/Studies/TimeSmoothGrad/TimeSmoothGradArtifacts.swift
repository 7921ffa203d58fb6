/// The tables paper 000's stages pass on, declared once (`TableArtifact`).
enum TimeSmoothGradArtifacts {
    /// Regression on the test steps: one row.
    static let regression = TableArtifact(path: "metrics/regression.csv", columns: ["pearson", "mse_standardized", "mse_raw"])
    /// Per AR state; then `ndcg_<method>` and `per_step_ndcg_<method>` for every method of the spec.
    static let states = TableArtifact(path: "metrics/states.csv",
                                      columns: ["state", "test_steps", "pearson", "mse_standardized", "ndcg_random_ranking"])
    /// Per PAMAP2 activity of the test subject; an empty Pearson cell where it cannot be computed.
    static let activities = TableArtifact(path: "metrics/activities.csv", columns: ["activity", "test_steps", "pearson", "mse_standardized"])
}
