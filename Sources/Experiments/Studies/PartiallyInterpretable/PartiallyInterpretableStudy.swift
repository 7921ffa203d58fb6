import Datasets

/// Paper 002, part 3: partially interpretable models. Rules over a table's features answer
/// part of the inputs and defer the rest to a network; sweeping how many rules answer traces
/// accuracy against transparency, summarised by its area (AUTAC), for a few rule learners.
public enum PartiallyInterpretableStudy: Study {
    public static let name = "partially-interpretable"
    public static let summary = "paper 002 part 3: rules answer part of the inputs, a network the rest; accuracy against transparency and its area (AUTAC)"
    public static let dataKinds = SklearnTable.Dataset.allCases.map(\.rawValue)
    public static let modelKinds = ["mlp"]
    public static let methods: [String] = []
    public static let metrics: [MetricName] = []
    public static let figures: [FigureName] = [.transparencyAccuracy]

    public static let sectionKeys = ["rules"]
    public static func readSection(_ fields: ObjectFields, file: String) throws -> any StudySection {
        try PartiallyInterpretableSection(fields, file: file)
    }

    public static func stages(for spec: ExperimentSpec) throws -> [Stage] {
        guard case .tabular(let s) = spec.data else { throw wrongData(spec) }
        return [TabularDataStage(data: s), TrainingStage(), RulesStage(), PartiallyInterpretableTablesStage(),
                FiguresStage(drawings: PartiallyInterpretableFigures.drawings)]
    }
}
