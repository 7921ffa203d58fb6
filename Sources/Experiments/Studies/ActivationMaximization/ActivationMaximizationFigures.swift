import Figures
import Tensors

/// Paper 004's figures, one file each under `Figures/`: S_sim and failed units per layer and
/// variant with min–max over seeds (Fig. 3), the ratio max a / th (Fig. 4), chosen units'
/// generated signals above their activations with th (Figs. 1, 6, 7), X* beside its nearest
/// training windows and their activations (Fig. 5), and the t-SNE activation atlas per layer
/// coloured by the nearest window's activity (Fig. 8). Signal figures show the first seed; the
/// atlas and Fig. 5 the last variant of the spec (the proposed L2+TV+EAP+clip by default).
enum ActivationMaximizationFigures {
    static let drawings: [FigureName: (inout FigureCanvas) throws -> Void] = [
        .similarityBars: SimilarityBarsFigure.draw,
        .ratioBars: RatioBarsFigure.draw,
        .unitSignals: UnitSignalsFigure.draw,
        .nearestWindows: NearestWindowsFigure.draw,
        .activationAtlas: ActivationAtlasFigure.draw,
    ]

    /// One bar series per variant over the layers: the mean of `column` of metrics/similarity.csv
    /// over seeds, with min–max error bars when there are several seeds.
    static func bars(_ column: String, _ spec: ExperimentSpec, in dir: RunDirectory) throws -> [BarSeries] {
        let am = spec.activationMaximization
        let similarity = try ActivationMaximizationArtifacts.similarity.read(in: dir)
        return try am.variants.map { variant in
            var mean: [Double] = [], low: [Double] = [], high: [Double] = []
            for layer in am.layers {
                let values = try (0..<similarity.count)
                    .filter { try similarity.string($0, "layer") == layer && similarity.string($0, "variant") == variant }
                    .compactMap { try similarity.optionalDouble($0, column) }
                mean.append(values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count))
                low.append(values.min() ?? 0)
                high.append(values.max() ?? 0)
            }
            return BarSeries(variant, values: mean, lower: spec.seeds.count > 1 ? low : nil, upper: spec.seeds.count > 1 ? high : nil)
        }
    }

    static func seedsNote(_ spec: ExperimentSpec) -> String {
        spec.seeds.count > 1 ? " (mean, min–max of \(spec.seeds.count) seeds)" : ""
    }
}

/// What the per-unit figures of one layer read, for the first seed: its maximised units with
/// their thresholds, and every variant's signals and feature maps (read once per figure).
struct MaximizedLayer {
    let layer: String
    let seed: Int
    let folder: String
    let units: CSVRows
    let unitIDs: [Int]
    /// variant → (signals (U, 1, T), activations (U, positions)).
    let arrays: [String: (signals: Tensor, maps: Tensor)]

    init(_ layer: String, _ spec: ExperimentSpec, in dir: RunDirectory) throws {
        let am = spec.activationMaximization
        self.layer = layer
        seed = spec.seeds[0]
        folder = ActivationMaximizationStage.folder(seed: seed, layer: layer)
        let table = try ActivationMaximizationArtifacts.units(seed: seed, layer: layer).read(in: dir)
        units = table
        unitIDs = try (0..<table.count).map { try table.int($0, "unit") }
        var arrays: [String: (signals: Tensor, maps: Tensor)] = [:]
        for variant in am.variants {
            arrays[variant] = (try ActivationMaximizationArtifacts.signals(seed: seed, layer: layer, variant: variant, units: table.count).read(in: dir),
                               try ActivationMaximizationArtifacts.activations(seed: seed, layer: layer, variant: variant, units: table.count).read(in: dir))
        }
        self.arrays = arrays
    }

    /// The units the signal figures show: the spec's `shownUnits`, or the two whose signal
    /// reached the highest finite max a / th under the first variant; only maximised ones.
    func shownUnits(_ spec: ExperimentSpec, in dir: RunDirectory) throws -> [(unit: Int, row: Int)] {
        let am = spec.activationMaximization
        let chosen: [Int]
        if let shown = am.shownUnits {
            chosen = shown
        } else {
            let table = "\(folder)/\(ActivationMaximizationStage.stem(am.variants[0]))-units.csv"
            let rows = try CSVRows(try dir.read(table), file: table)
            let ranked = try (0..<rows.count).map { (unit: try rows.int($0, "unit"), ratio: try rows.double($0, "ratio")) }
                .filter { $0.ratio.isFinite }.sorted { ($0.ratio, -$0.unit) > ($1.ratio, -$1.unit) }
            chosen = ranked.prefix(2).map(\.unit)
        }
        // A unit that was not maximised (never fired, or beyond `units`) is skipped.
        return chosen.compactMap { unit in unitIDs.firstIndex(of: unit).map { (unit, $0) } }
    }
}

extension FigureName {
    static let similarityBars = FigureName(rawValue: "similarity-bars"), ratioBars = FigureName(rawValue: "ratio-bars")
    static let unitSignals = FigureName(rawValue: "unit-signals"), nearestWindows = FigureName(rawValue: "nearest-windows")
    static let activationAtlas = FigureName(rawValue: "activation-atlas")
}
