/// The tables the faithfulness stage writes and its figures read, declared once.
enum FaithfulnessArtifacts {
    /// The control's name in the tables: a seeded random ranking per sample.
    static let randomControl = "random"

    /// Per snapshot epoch and method (and the random control): means over the explained samples.
    static func scores(epoch: Int) -> TableArtifact {
        TableArtifact(path: "faithfulness/" + RunDirectory.epochName(epoch) + ".csv",
                      columns: ["method", "samples", "deletion_auc", "insertion_auc", "spearman_removal"])
    }

    /// Per snapshot epoch and method: the mean deletion and insertion curves.
    static func curves(epoch: Int) -> TableArtifact {
        TableArtifact(path: "faithfulness/" + RunDirectory.epochName(epoch) + "-curves.csv",
                      columns: ["method", "step", "fraction_removed", "deletion", "insertion"])
    }

    /// Every epoch's scores in one table.
    static let all = TableArtifact(path: "metrics/faithfulness.csv",
                                   columns: ["epoch", "method", "samples", "deletion_auc", "insertion_auc", "spearman_removal"])
}
