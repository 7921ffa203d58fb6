import Figures
import Metrics

/// Fig. 8: the t-SNE atlas of a layer's generated signals (the spec's last variant), each unit
/// coloured by the activity of its nearest training window (failed units have none).
enum ActivationAtlasFigure {
    static func draw(_ canvas: inout FigureCanvas) throws {
        let spec = canvas.spec, dir = canvas.directory, am = spec.activationMaximization
        let shownVariant = am.variants.last!
        for layer in am.layers {
            let maximized = try canvas.loading("maximized \(layer)") { try MaximizedLayer(layer, spec, in: dir) }
            let count = maximized.unitIDs.count
            guard count >= 4 else { continue }
            let signals = maximized.arrays[shownVariant]!.signals
            let table = "\(maximized.folder)/\(ActivationMaximizationStage.stem(shownVariant))-units.csv"
            let scored = try CSVRows(try dir.read(table), file: table)
            let points = (0..<count).map { signals.items($0..<($0 + 1)).array.map(Double.init) }
            let perplexity = am.atlasPerplexity ?? min(30, Double(points.count - 1) / 3)
            let xy = try TSNE(perplexity: perplexity, iterations: am.atlasIterations, seed: UInt64(spec.seed)).embed(points)
            let activity = try (0..<scored.count).map { Int(try scored.string($0, "nearest_activity")) ?? -1 }
            let present = Array(Set(activity)).sorted()
            try canvas.save(ScatterPlot(title: "Activation atlas of \(layer) (t-SNE of \(count) units, \(shownVariant))",
                                        xLabel: "t-SNE 1", yLabel: "t-SNE 2", x: xy.map { $0[0] }, y: xy.map { $0[1] },
                                        categories: activity.map { present.firstIndex(of: $0)! },
                                        categoryNames: present.map { $0 < 0 ? "failed" : "activity \($0)" }),
                            "fig8-atlas-\(layer)")
        }
    }
}
