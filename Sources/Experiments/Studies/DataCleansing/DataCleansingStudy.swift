import NeuralNet

/// Paper 002, part 2: SGD data cleansing (Hara, Nitanda & Maehara 2019). Flip a known fraction
/// of the training labels, train with plain SGD while recording the trajectory, estimate every
/// instance's effect on the validation loss by tracing the steps back, remove the most harmful
/// and retrain with the same seed; flipped labels found and test accuracy before and after,
/// against removing as many at random.
public enum DataCleansingStudy: Study {
    public static let name = "data-cleansing"
    public static let summary = "paper 002 part 2: SGD data cleansing — leave-one-out influence traced back along the SGD trajectory, harmful instances removed"
    public static let dataKinds = ImageDataSpec.Source.allCases.map(\.rawValue)
    /// MLPs only: no BatchNorm or dropout, so an instance's loss depends on itself alone.
    public static let modelKinds = ["mlp"]
    public static let methods: [String] = []
    public static let metrics: [MetricName] = []
    public static let figures: [FigureName] = [.harmfulImages]

    public static let sectionKeys = ["cleansing"]
    public static func readSection(_ fields: ObjectFields, file: String) throws -> any StudySection {
        try DataCleansingSection(fields, file: file)
    }

    /// Plain SGD: the estimator's recursion is derived for θ ← θ − η(ḡ + λθ); momentum would
    /// carry a second state back (docs/paper-002.md), augmentation would change the instances.
    public static func validate(_ spec: ExperimentSpec, file: String) throws {
        guard case let .sgd(_, momentum, nesterov, _) = spec.training.optimizer else {
            throw SpecError(file: file, path: "training.optimizer.kind", "study \"\(name)\" traces plain SGD back; use \"sgd\"")
        }
        guard momentum == 0, !nesterov else {
            throw SpecError(file: file, path: "training.optimizer.momentum", "study \"\(name)\" traces plain SGD back: momentum must be 0")
        }
        guard spec.training.augmentation == nil else {
            throw SpecError(file: file, path: "training.augmentation", "study \"\(name)\" needs each instance unchanged: no augmentation")
        }
        for (i, k) in spec.cleansing.removals.enumerated() {
            if case .images(let data) = spec.data, data.trainSubset > 0, k > data.trainSubset {
                throw SpecError(file: file, path: "cleansing.removals[\(i)]", "removes \(k) of \(data.trainSubset) training images")
            }
        }
    }

    public static func stages(for spec: ExperimentSpec) throws -> [Stage] {
        guard case .images(let s) = spec.data else { throw wrongData(spec) }
        return [ImageDataStage(data: s), LabelNoiseStage(), TrajectoryTrainingStage(), InfluenceStage(), RetrainStage(),
                DataCleansingTablesStage(), FiguresStage(drawings: DataCleansingFigures.drawings)]
    }
}
