import NeuralNet
import Tensors

/// Paper 003: how image attribution maps drift while a CNN over-trains — maps of selected test
/// images on every epoch's snapshot, compared with a reference epoch by SSIM and Spearman.
public enum OvertrainingStudy: Study {
    public static let name = "overtraining"
    public static let summary = "paper 003: drift of image attribution maps over training epochs"
    public static let dataKinds = ImageDataSpec.Source.allCases.map(\.rawValue)
    public static let modelKinds = ["mnist-cnn", "resnet18"]
    public static let methods = ImageAttributionSpec.methods
    public static let metrics: [MetricName] = []
    public static let figures: [FigureName] = [.errorCurves, .confidence, .heatmapGrid, .driftCurves]

    /// A Grad-CAM layer must be a layer of the model: checked on the model built from the spec
    /// (its weights do not matter), so a typo fails here and not after training.
    public static func validate(_ spec: ExperimentSpec, file: String) throws {
        var network: Network?
        for (i, entry) in spec.attribution.enumerated() {
            guard case .image(let m) = entry, m.method == .gradCAM || m.method == .guidedGradCAM, let layer = m.layer else { continue }
            if network == nil {
                guard case .classification(let classes) = spec.data.task else { return }
                network = spec.model.build(inputShape: spec.data.inputShape, outputs: classes, generator: Generator(seed: 0))
            }
            let paths = network!.layerPaths
            guard paths.contains(layer) else {
                throw SpecError(file: file, path: "attribution[\(i)].layer",
                                "the \(spec.model.kind) has no layer \"\(layer)\"; its layers are \(paths.joined(separator: ", "))")
            }
        }
    }

    public static func stages(for spec: ExperimentSpec) throws -> [Stage] {
        guard case .images(let s) = spec.data else { throw wrongData(spec) }
        return [ImageDataStage(data: s), TrainingStage(), SelectStage(), SnapshotAttributionStage(), DriftStage(),
                OvertrainingTablesStage(), FiguresStage(drawings: OvertrainingFigures.drawings)]
    }
}
