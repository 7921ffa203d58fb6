/// The tables and arrays paper 002 part 3's stages pass on, declared once.
enum PartiallyInterpretableArtifacts {
    /// A split's features in their own units, (N, F): what the rules test.
    static func raw(_ split: String) -> ArrayArtifact { ArrayArtifact(path: "data/\(split)-raw.npy", shape: [nil, nil]) }

    /// One learner's rules in the order they join the model, with training and test counts.
    static func rules(_ learner: String) -> TableArtifact {
        TableArtifact(path: "rules/\(learner).csv",
                      columns: ["order", "rule", "predicted", "train_support", "train_correct", "test_covered", "test_correct"])
    }

    /// Every learner's transparency–accuracy curve on the test split, m rules in.
    static let curves = TableArtifact(path: "rules/curves.csv", columns: ["learner", "rules", "transparency", "accuracy"])
}
