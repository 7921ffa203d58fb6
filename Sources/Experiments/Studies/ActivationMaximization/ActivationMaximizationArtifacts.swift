/// The tables and arrays paper 004's stages pass on, declared once (`TableArtifact`, `ArrayArtifact`).
enum ActivationMaximizationArtifacts {
    static let classification = TableArtifact(path: "metrics/classification.csv", columns: ["seed", "epoch", "accuracy", "macro_f1"])
    static let similarity = TableArtifact(path: "metrics/similarity.csv",
                                          columns: ["seed", "layer", "variant", "units", "failed_units", "s_sim", "median_ratio"])

    /// The maximised units of one seed's layer and their thresholds th.
    static func units(seed: Int, layer: String) -> TableArtifact {
        TableArtifact(path: ActivationMaximizationStage.folder(seed: seed, layer: layer) + "/units.csv", columns: ["unit", "threshold"])
    }

    /// One variant's preferred signals, (units, T), and the layer's feature maps under them,
    /// (units, positions), in the order of `units`.
    static func signals(seed: Int, layer: String, variant: String, units: Int?) -> ArrayArtifact {
        ArrayArtifact(path: stem(seed, layer, variant) + "-signals.npy", shape: [units, nil])
    }
    static func activations(seed: Int, layer: String, variant: String, units: Int?) -> ArrayArtifact {
        ArrayArtifact(path: stem(seed, layer, variant) + "-activations.npy", shape: [units, nil])
    }

    static func stem(_ seed: Int, _ layer: String, _ variant: String) -> String {
        ActivationMaximizationStage.folder(seed: seed, layer: layer) + "/" + ActivationMaximizationStage.stem(variant)
    }
}
