/// The tables and arrays SGD data cleansing's stages pass on, declared once.
enum DataCleansingArtifacts {
    /// The training labels as trained on, (N): the published label, or another class where flipped.
    static let givenLabels = ArrayArtifact(path: "cleansing/train-labels.npy", shape: [nil])

    /// The flipped rows: their published label and the one given instead.
    static let flipped = TableArtifact(path: "cleansing/flipped.csv", columns: ["row", "label", "given"])

    /// The SGD trajectory, one line per instance per step (a step's lines are its minibatch in
    /// order): enough with the epoch starts to recompute any step.
    static let minibatches = TableArtifact(path: "trajectory/minibatches.csv", columns: ["step", "epoch", "learning_rate", "row"])

    /// θ at the start of epoch e (PyTorch names, safetensors), and θ_T.
    static func epochStart(_ epoch: Int) -> String { "trajectory/\(RunDirectory.epochName(epoch))-start.safetensors" }
    static let final = "trajectory/final.safetensors"

    /// Every training row's estimated L_val(θ_T without it) − L_val(θ_T), row order.
    static let influence = TableArtifact(path: "cleansing/influence.csv", columns: ["row", "label", "given", "flipped", "influence"])

    /// The influence-function estimate of the same quantity, when the spec asks for it.
    static let influenceFunction = TableArtifact(path: "cleansing/influence-function.csv", columns: ["row", "influence"])

    /// Each removal and the model retrained without it: how many of the removed were flipped,
    /// precision and recall against the flipped set, losses and test accuracy.
    static let retrained = TableArtifact(path: "cleansing/retrained.csv",
                                         columns: ["removal", "k", "draw", "flipped_removed", "precision", "recall",
                                                   "validation_loss", "test_loss", "test_accuracy"])
}
