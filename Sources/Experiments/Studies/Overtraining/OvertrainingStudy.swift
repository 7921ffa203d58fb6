import Attribution
import NeuralNet
import Tensors

/// Paper 003: how image attribution maps drift while a CNN over-trains — maps of selected test
/// images on every epoch's snapshot, compared with a reference epoch by SSIM and Spearman.
public enum OvertrainingStudy: Study {
    public static let name = "overtraining"
    public static let summary = "paper 003: drift of image attribution maps over training epochs"
    public static let dataKinds = ImageDataSpec.Source.allCases.map(\.rawValue)
    public static let modelKinds = ["mnist-cnn", "resnet18"]
    public static let methods = AttributionMethods.image.map { $0.name }
    public static let metrics: [MetricName] = [.ssim, .spearman, .faithfulness]
    public static let figures: [FigureName] = [.errorCurves, .confidence, .heatmapGrid, .driftCurves, .faithfulnessCurves, .faithfulnessEpochs]
    /// Faithfulness costs (steps + 1) × 2 forward passes per map and P per removal ranking: asked for, not default.
    public static func defaultMetrics(data: DataSpec) -> [MetricName] { [.ssim, .spearman] }
    public static func defaultFigures(data: DataSpec) -> [FigureName] { [.errorCurves, .confidence, .heatmapGrid, .driftCurves] }

    /// A Grad-CAM layer must be a layer of the model, and deep Taylor needs layers it has rules
    /// for: checked on the model built from the spec (`validateMethodsOnModel`).
    public static func validate(_ spec: ExperimentSpec, file: String) throws {
        if let i = spec.figures.firstIndex(of: .driftCurves), !spec.metrics.contains(.ssim), !spec.metrics.contains(.spearman) {
            throw SpecError(file: file, path: "figures[\(i)]", "\"drift-curves\" plots drift: add \"ssim\" or \"spearman\" to metrics")
        }
        if let i = spec.figures.firstIndex(where: [.faithfulnessCurves, .faithfulnessEpochs].contains), !spec.metrics.contains(.faithfulness) {
            throw SpecError(file: file, path: "figures[\(i)]", "\"\(spec.figures[i].rawValue)\" plots faithfulness: add \"faithfulness\" to metrics")
        }
        if let imported = spec.importedCheckpoints, case .epoch(let e) = spec.reference, !imported.epochs.contains(e) {
            throw SpecError(file: file, path: "reference.epoch", "epoch \(e) is not among the checkpoints' epochs \(imported.epochs)")
        }
        try validateMethodsOnModel(spec, file: file)
    }

    public static let sectionKeys = ["selection", "drift", "faithfulness", "checkpoints"]
    public static func readSection(_ fields: ObjectFields, file: String) throws -> any StudySection {
        try OvertrainingSection(fields, file: file)
    }

    public static func stages(for spec: ExperimentSpec) throws -> [Stage] {
        guard case .images(let s) = spec.data else { throw wrongData(spec) }
        let faithfulness: [Stage] = spec.faithfulness.map { [FaithfulnessStage(faithfulness: $0, explained: { context in
            let (inputs, classes) = try SnapshotAttributionStage.explained(context)
            return (inputs, { .classes(classes($0)) })
        },
                                                                               maps: OvertrainingArtifacts.maps)] } ?? []
        // Checkpoints made elsewhere take training's place; everything after reads them alike.
        let snapshots: Stage = spec.importedCheckpoints.map { CheckpointImportStage(checkpoints: $0) } ?? TrainingStage()
        return [ImageDataStage(data: s), snapshots, SelectStage(), SnapshotAttributionStage(), DriftStage()] + faithfulness
            + [OvertrainingTablesStage(), FiguresStage(drawings: OvertrainingFigures.drawings)]
    }
}

extension MetricName {
    /// Paper 003's drift measures, each map against the reference epoch's and the previous one's.
    static let ssim = MetricName(rawValue: "ssim"), spearman = MetricName(rawValue: "spearman")
}
