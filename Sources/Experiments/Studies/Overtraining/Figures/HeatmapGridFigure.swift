import Figures
import Tensors

/// Fig. 3: for one selected sample per group, every method's map (rows) at the reference epoch
/// and up to five more (columns), each scaled by its max |value|.
enum HeatmapGridFigure {
    static func draw(_ canvas: inout FigureCanvas) throws {
        let spec = canvas.spec, dir = canvas.directory
        let reference = try ReferenceEpoch.read(dir).epoch
        let selection = try SampleSelection(in: dir)
        let shown = shownEpochs(SnapshotModel.epochs(spec), reference: reference)
        for group in ["A", "B", "C"] {
            guard let item = selection.samples.firstIndex(where: { $0.group.rawValue == group }) else { continue }
            var cells: [[CellImage]] = []
            for method in spec.attribution {
                cells.append(try shown.map { epoch in
                    .heatmap(MapHeatmap.normalized(try OvertrainingArtifacts.maps(epoch: epoch, method: method.name, samples: selection.samples.count).read(in: dir), item: item))
                })
            }
            let sample = selection.samples[item]
            try canvas.save(ImageGrid(title: "Group \(group): test row \(sample.row), class \(sample.label), predicted \(sample.predicted)",
                                      rowTitles: spec.attribution.map(\.name), columnTitles: shown.map { $0 == reference ? "epoch \($0) (ref)" : "epoch \($0)" },
                                      cells: cells, colors: ColorScale(colormap: .diverging, range: -1...1),
                                      colorbarLabel: "map / max|map|"),
                            "fig3-group-\(group.lowercased())",
                            FigureSpec(width: 1.6 + 1.1 * Double(shown.count), height: 0.9 + 1.1 * Double(spec.attribution.count), dpi: Double(spec.dpi)))
        }
    }

    /// The reference epoch and up to five more spread over the run.
    static func shownEpochs(_ epochs: [Int], reference: Int) -> [Int] {
        let picks = (0..<5).map { epochs[max(0, min(epochs.count - 1, ($0 + 1) * epochs.count / 5 - 1))] }
        return Array(Set(picks + [reference])).sorted()
    }
}
