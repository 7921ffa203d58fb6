import Figures
import Foundation
import Tensors

/// Paper 003's figures: error / loss / weight-norm curves (Fig. 2), entropy and correct-class
/// probability per group (Fig. 4), methods × epochs heatmaps of chosen samples (Fig. 3), and
/// SSIM / Spearman against epoch per method and group with the reference epoch marked (Fig. 5).
struct OvertrainingFiguresStage: Stage {
    let name = "figures"

    func run(_ context: RunContext) throws -> [String] {
        let spec = context.spec, dir = context.directory
        let reference = try ReferenceEpoch.read(dir)
        let marker = [VerticalMarker(x: Double(reference.epoch), label: "reference \(reference.epoch)")]
        let look = FigureSpec(width: 7.2, height: 4.2, dpi: Double(spec.dpi))
        let epochs = SnapshotModel.epochs(spec)
        var written: [String] = []
        func save(_ figure: Figure, _ stem: String, _ look: FigureSpec = look) throws {
            try figure.write(to: try dir.file("figures/\(stem).png"), spec: look)
            written.append("figures/\(stem).png")
        }

        if spec.figures.contains(.errorCurves) {
            let history = try TrainingHistory(in: dir)
            let test = try OvertrainingArtifacts.testPerEpoch.read(in: dir)
            let x = history.rows.map { Double($0.epoch) }
            let testX = try (0..<test.count).map { try test.double($0, "epoch") }
            try save(LineChart(title: "Loss and test error", xLabel: "epoch", yLabel: "loss / error",
                               series: [LineSeries("train loss", x: x, y: history.rows.map(\.trainLoss)),
                                        LineSeries("validation loss", x: x, y: history.rows.map(\.validationLoss)),
                                        LineSeries("test loss", x: testX, y: try (0..<test.count).map { try test.double($0, "test_loss") }),
                                        LineSeries("test error", x: testX, y: try (0..<test.count).map { try test.double($0, "test_error") }, dashed: true)],
                               markers: marker), "fig2-loss-error")
            try save(LineChart(title: "Norm of the last layer's weights", xLabel: "epoch", yLabel: "‖W‖₂",
                               series: [LineSeries("last layer", x: x, y: history.rows.map(\.lastLayerWeightNorm))], markers: marker),
                     "fig2-weight-norm")
        }

        if spec.figures.contains(.confidence) {
            var entropy: [String: [Double]] = [:], probability: [String: [Double]] = [:]
            for epoch in epochs {
                let rows = try OvertrainingArtifacts.outputs(epoch: epoch).read(in: dir)
                for group in ["A", "B", "C"] {
                    let items = try (0..<rows.count).filter { try rows.string($0, "group") == group }
                    guard !items.isEmpty else { continue }
                    entropy[group, default: []].append(try items.map { try rows.double($0, "entropy") }.reduce(0, +) / Double(items.count))
                    probability[group, default: []].append(try items.map { try rows.double($0, "correct_class_probability") }.reduce(0, +) / Double(items.count))
                }
            }
            let x = epochs.map(Double.init)
            let groups = ["A", "B", "C"].filter { entropy[$0] != nil }
            try save(LineChart(title: "Output entropy of the selected samples", xLabel: "epoch", yLabel: "entropy (nats), group mean",
                               series: groups.map { LineSeries("group \($0)", x: x, y: entropy[$0]!) }, markers: marker), "fig4-entropy")
            try save(LineChart(title: "Correct-class probability of the selected samples", xLabel: "epoch", yLabel: "p(correct class), group mean",
                               series: groups.map { LineSeries("group \($0)", x: x, y: probability[$0]!) }, markers: marker), "fig4-probability")
        }

        if spec.figures.contains(.driftCurves) {
            for method in spec.attribution {
                let summary = try DriftSummary(method: method.name, in: dir)
                for (metric, value, previous) in [("SSIM", \DriftSummary.Point.ssim, \DriftSummary.Point.ssimPrevious),
                                                  ("Spearman", \DriftSummary.Point.spearman, \DriftSummary.Point.spearmanPrevious)] {
                    var series = ["A", "B", "C"].filter { summary.points[$0] != nil }.map { group -> LineSeries in
                        let s = summary.series(group, epochs, value)
                        return LineSeries("group \(group)", x: s.x, y: s.y)
                    }
                    let floor = summary.series("all", epochs, previous)
                    if !floor.x.isEmpty { series.append(LineSeries("adjacent epochs (all)", x: floor.x, y: floor.y, color: Color(hex: 0x777777), dashed: true)) }
                    try save(LineChart(title: "\(method.name): \(metric) against epoch \(reference.epoch)", xLabel: "epoch",
                                       yLabel: metric, series: series, markers: marker), "fig5-\(method.name)-\(metric.lowercased())")
                }
            }
        }

        if spec.figures.contains(.heatmapGrid) {
            let selection = try SampleSelection(in: dir)
            let shown = OvertrainingFiguresStage.shownEpochs(epochs, reference: reference.epoch)
            for group in ["A", "B", "C"] {
                guard let item = selection.samples.firstIndex(where: { $0.group.rawValue == group }) else { continue }
                var cells: [[CellImage]] = []
                for method in spec.attribution {
                    cells.append(try shown.map { epoch in
                        .heatmap(OvertrainingFiguresStage.normalized(try dir.readArray(SnapshotAttributionStage.mapPath(epoch, method.name)), item: item))
                    })
                }
                let sample = selection.samples[item]
                try save(ImageGrid(title: "Group \(group): test row \(sample.row), class \(sample.label), predicted \(sample.predicted)",
                                   rowTitles: spec.attribution.map(\.name), columnTitles: shown.map { $0 == reference.epoch ? "epoch \($0) (ref)" : "epoch \($0)" },
                                   cells: cells, colors: ColorScale(colormap: .diverging, range: -1...1),
                                   colorbarLabel: "map / max|map|"),
                         "fig3-group-\(group.lowercased())",
                         FigureSpec(width: 1.6 + 1.1 * Double(shown.count), height: 0.9 + 1.1 * Double(spec.attribution.count), dpi: Double(spec.dpi)))
            }
        }
        return written
    }

    /// The reference epoch and up to five more spread over the run.
    static func shownEpochs(_ epochs: [Int], reference: Int) -> [Int] {
        let picks = (0..<5).map { epochs[max(0, min(epochs.count - 1, ($0 + 1) * epochs.count / 5 - 1))] }
        return Array(Set(picks + [reference])).sorted()
    }

    /// Item `i` of an (N, C, H, W) map batch, channels summed, scaled by its max |value|.
    static func normalized(_ maps: Tensor, item i: Int) -> Grid2D {
        let c = maps.shape[1], h = maps.shape[2], w = maps.shape[3]
        var values = [Double](repeating: 0, count: h * w)
        for ch in 0..<c { for p in 0..<(h * w) { values[p] += Double(maps.data[(i * c + ch) * h * w + p]) } }
        let scale = values.map(abs).max() ?? 0
        return Grid2D(rows: h, cols: w, values: scale > 0 ? values.map { $0 / scale } : values)
    }
}
