import Figures
import Foundation
import Tensors

/// `driftlab compare`: the same maps from two checkpoints, their SSIM and Spearman per sample,
/// a table of the means per method, and the maps side by side.
public struct CheckpointComparison {
    public struct Row { public var method: String; public var ssim: Double?; public var spearman: Double? }
    public var rows: [Row] = []

    /// Writes <out>/compare.{csv,md}, <out>/<method>-{a,b}.npy and <out>/compare.png.
    public static func run(spec: ExperimentSpec, a: URL, b: URL, methods: [String], inputs: Tensor, targets: [Int]?,
                           out: URL) throws -> Table {
        let networkA = try Explanation.network(spec, checkpoint: a), networkB = try Explanation.network(spec, checkpoint: b)
        let chosen = try (methods.isEmpty ? spec.attribution.map(\.name) : methods).map { try Explanation.method($0, in: spec) }
        guard !chosen.isEmpty else { throw Explanation.Failure(description: "no methods: give --methods or list them in the spec") }
        // Both checkpoints explain the same class: the label if given, else A's prediction.
        let classes = targets ?? networkA.forward(inputs).argmaxRows()
        let directory = RunDirectory(out)
        var rows: [[String]] = []
        var cells: [[CellImage]] = []
        let shown = min(inputs.shape[0], 4)
        for method in chosen {
            let mapsA = Explanation.maps(method, spec: spec, network: networkA, inputs: inputs, targets: classes)
            let mapsB = Explanation.maps(method, spec: spec, network: networkB, inputs: inputs, targets: classes)
            // SSIM needs (N, C, H, W) maps; DriftStage.pair indexes four axes and trapped on others.
            guard mapsA.shape.rank == 4, mapsB.shape == mapsA.shape else {
                throw Explanation.Failure(description: "compare measures image maps (N, C, H, W); \(method.name) gave maps of shape "
                    + "\(mapsA.shape) for the spec's inputs \(spec.data.inputShape)")
            }
            try directory.write(mapsA, to: "\(method.name)-a.npy")
            try directory.write(mapsB, to: "\(method.name)-b.npy")
            let pairs = (0..<inputs.shape[0]).map { MapDrift.pair(mapsA, mapsB, item: $0, spec.drift) }
            let ssim = pairs.compactMap(\.ssim), spearman = pairs.compactMap(\.spearman)
            rows.append([method.name, ssim.isEmpty ? "—" : fixed3(ssim.reduce(0, +) / Double(ssim.count)),
                         spearman.isEmpty ? "—" : fixed3(spearman.reduce(0, +) / Double(spearman.count)), String(inputs.shape[0])])
            if mapsA.shape.rank == 4 {
                cells.append((0..<shown).flatMap { i in [CellImage.heatmap(MapHeatmap.normalized(mapsA, item: i)),
                                                         .heatmap(MapHeatmap.normalized(mapsB, item: i))] })
            }
        }
        let table = Table(title: "\(a.lastPathComponent) (A) vs \(b.lastPathComponent) (B)",
                          columns: ["method", "mean SSIM", "mean Spearman", "samples"], rows: rows,
                          notes: ["SSIM window \(spec.drift.ssimWindow), data range \(spec.drift.dataRange.map { String($0) } ?? "max − min of each pair"); classes: \(targets == nil ? "A's predictions" : "the given targets")."])
        try directory.write(table.csv, to: "compare.csv")
        try directory.write(table.markdown, to: "compare.md")
        if !cells.isEmpty {
            let grid = ImageGrid(title: table.title, rowTitles: chosen.map(\.name),
                                 columnTitles: (0..<shown).flatMap { ["#\($0) A", "#\($0) B"] }, cells: cells,
                                 colors: ColorScale(colormap: .diverging, range: -1...1), colorbarLabel: "map / max|map|")
            try grid.write(to: try directory.file("compare.png"),
                           spec: FigureSpec(width: 1.8 + 1.0 * Double(2 * shown), height: 0.9 + 1.0 * Double(chosen.count), dpi: Double(spec.dpi)))
        }
        return table
    }
}
