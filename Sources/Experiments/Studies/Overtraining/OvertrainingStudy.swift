/// Paper 003: how image attribution maps drift while a CNN over-trains — maps of selected test
/// images on every epoch's snapshot, compared with a reference epoch by SSIM and Spearman.
public enum OvertrainingStudy: Study {
    public static let name = "overtraining"
    public static let summary = "paper 003: drift of image attribution maps over training epochs"
    public static let dataKinds = ImageDataSpec.Source.allCases.map(\.rawValue)
    public static let modelKinds = ["mnist-cnn", "resnet18"]
    public static let methods = ImageAttributionSpec.methods
    public static let metrics: [String] = []
    public static let figures = ["error-curves", "confidence", "heatmap-grid", "drift-curves"]

    public static func stages(for spec: ExperimentSpec) throws -> [Stage] {
        guard case .images(let s) = spec.data else { throw wrongData(spec) }
        return [ImageDataStage(data: s), TrainingStage(), SelectStage(), SnapshotAttributionStage(), DriftStage(),
                OvertrainingTablesStage(), OvertrainingFiguresStage()]
    }
}
