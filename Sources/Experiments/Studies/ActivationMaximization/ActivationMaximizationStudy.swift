/// Paper 004: activation maximization of every unit of a sensor CNN (SFHF-CNN) with L2, TV, AAP
/// and EAP regularisers and clipping, scored by how close each unit's preferred signal comes to
/// real training windows (S_sim), over several seeds.
public enum ActivationMaximizationStudy: Study {
    public static let name = "activation-maximization"
    public static let summary = "paper 004: activation maximization of sensor-CNN units, S_sim over seeds"
    public static let dataKinds = SensorDataSpec.Source.allCases.map(\.rawValue)
    public static let modelKinds = ["sfhf-cnn"]
    public static let methods: [String] = []
    public static let metrics: [MetricName] = []
    public static let figures: [FigureName] = [.similarityBars, .ratioBars, .unitSignals, .nearestWindows, .activationAtlas]

    public static func validate(_ spec: ExperimentSpec, file: String) throws {
        // The sfhf-cnn's convolutions are conv1–conv3; say so now rather than when the stage runs.
        let layers = spec.activationMaximization.layers
        if let k = layers.firstIndex(where: { !["conv1", "conv2", "conv3"].contains($0) }) {
            throw SpecError(file: file, path: "activationMaximization.layers[\(k)]",
                            "the sfhf-cnn's convolutions are \"conv1\", \"conv2\", \"conv3\", got \"\(layers[k])\"")
        }
    }

    public static let sectionKeys = ["seeds", "activationMaximization"]
    public static func readSection(_ fields: ObjectFields, file: String) throws -> any StudySection {
        try ActivationMaximizationSection(fields, file: file)
    }

    public static func stages(for spec: ExperimentSpec) throws -> [Stage] {
        guard case .sensors(let s) = spec.data else { throw wrongData(spec) }
        return [SensorDataStage(data: s), SeedTrainingStage(), ClassificationScoresStage(), ActivationMaximizationStage(),
                SignalSimilarityStage(data: s), FiguresStage(drawings: ActivationMaximizationFigures.drawings)]
    }
}
