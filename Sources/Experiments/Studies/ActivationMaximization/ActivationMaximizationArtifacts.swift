/// The tables paper 004's stages pass on, declared once (`TableArtifact`).
enum ActivationMaximizationArtifacts {
    static let classification = TableArtifact(path: "metrics/classification.csv", columns: ["seed", "epoch", "accuracy", "macro_f1"])
    static let similarity = TableArtifact(path: "metrics/similarity.csv",
                                          columns: ["seed", "layer", "variant", "units", "failed_units", "s_sim", "median_ratio"])
}
