/// The tables and arrays paper 001's stages pass on, declared once (`TableArtifact`, `ArrayArtifact`).
enum InvariantPerturbationArtifacts {
    /// The explained test images: their row in data/test, label, the reference model's prediction
    /// and its probability.
    static let samples = TableArtifact(path: "explain/samples.csv", columns: ["row", "label", "predicted", "probability"])

    /// Per explained image: the steps its w optimisation ran and its last objective E.
    static let optimization = TableArtifact(path: "explain/optimization.csv", columns: ["row", "steps_run", "objective"])

    /// The explained images as the model sees them: (images, C, H, W).
    static func inputs(images: Int) -> ArrayArtifact { ArrayArtifact(path: "explain/inputs.npy", shape: [images, nil, nil, nil]) }

    /// One method's maps of the explained images: (images, C or 1, H, W).
    static func maps(method: String, images: Int) -> ArrayArtifact {
        ArrayArtifact(path: "explain/\(method).npy", shape: [images, nil, nil, nil])
    }

    /// The invariance check per image, noise kind (learned w or its mean spread uniformly) and
    /// model (plain, or with the method's mask units): draws whose predicted class stayed, and
    /// the mean change of that class's probability.
    static let invariance = TableArtifact(path: "invariance/per-image.csv",
                                          columns: ["row", "label", "noise", "model", "trials", "kept", "mean_probability_change",
                                                    "total_amplitude"])
}
