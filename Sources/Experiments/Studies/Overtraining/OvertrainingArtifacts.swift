/// The tables and arrays paper 003's stages pass on, declared once (`TableArtifact`, `ArrayArtifact`).
enum OvertrainingArtifacts {
    static let testPerEpoch = TableArtifact(path: "metrics/test-per-epoch.csv", columns: ["epoch", "test_loss", "test_error"])

    /// Each selected sample's entropy and probability at one snapshot.
    static func outputs(epoch: Int) -> TableArtifact {
        TableArtifact(path: RunDirectory.attributionFolder(epoch: epoch) + "/outputs.csv",
                      columns: ["row", "group", "entropy", "correct_class_probability"])
    }

    /// One method's drift against the reference epoch and the previous snapshot, per sample and epoch.
    static func drift(method: String) -> TableArtifact {
        TableArtifact(path: "drift/\(method).csv",
                      columns: ["epoch", "row", "group", "ssim", "spearman", "ssim_previous", "spearman_previous"])
    }

    static let driftSummary = TableArtifact(path: "drift/summary.csv",
                                            columns: ["method", "group", "epoch", "metric", "count", "mean", "std", "min", "max"])

    /// One method's maps of the selected samples at one snapshot: (samples, C or 1, H, W).
    static func maps(epoch: Int, method: String, samples: Int) -> ArrayArtifact {
        ArrayArtifact(path: RunDirectory.attributionFolder(epoch: epoch) + "/\(method).npy", shape: [samples, nil, nil, nil])
    }
}
