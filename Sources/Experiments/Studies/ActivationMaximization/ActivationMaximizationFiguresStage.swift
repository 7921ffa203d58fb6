import Figures
import Foundation
import Metrics
import NeuralNet
import Tensors

/// Paper 004's figures: S_sim and failed units per layer and variant with min–max over seeds
/// (Fig. 3), the ratio max a / th (Fig. 4), chosen units' generated signals above their
/// activations with th (Figs. 1, 6, 7), X* beside its nearest training windows and their
/// activations (Fig. 5), and the t-SNE activation atlas per layer coloured by the nearest window's activity (Fig. 8).
/// Signal figures show the first seed; the atlas and Fig. 5 the last variant of the spec
/// (the proposed L2+TV+EAP+clip by default).
struct ActivationMaximizationFiguresStage: Stage {
    let name = "figures"

    func run(_ context: RunContext) throws -> [String] {
        let spec = context.spec, dir = context.directory, am = spec.activationMaximization
        var written: [String] = []
        func save(_ figure: Figure, _ stem: String, width: Double = 7.2, height: Double = 4.2) throws {
            try figure.write(to: try dir.file("figures/\(stem).png"), spec: FigureSpec(width: width, height: height, dpi: Double(spec.dpi)))
            written.append("figures/\(stem).png")
        }
        let similarity = try ActivationMaximizationArtifacts.similarity.read(in: dir)
        func bars(_ column: String) throws -> [BarSeries] {
            try am.variants.map { variant in
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
        let seedsNote = spec.seeds.count > 1 ? " (mean, min–max of \(spec.seeds.count) seeds)" : ""
        if spec.figures.contains(.similarityBars) {
            try save(BarChart(title: "S_sim of generated signals" + seedsNote, xLabel: "layer", yLabel: "S_sim (lower is better)",
                              groups: am.layers, series: try bars("s_sim"), valueDecimals: 2), "fig3-ssim", width: 8.4)
            try save(BarChart(title: "Failed units (max |x*| > \(number(am.failThreshold)) g)" + seedsNote, xLabel: "layer",
                              yLabel: "failed units", groups: am.layers, series: try bars("failed_units"), valueDecimals: 1),
                     "fig3-failed-units", width: 8.4)
        }
        if spec.figures.contains(.ratioBars) {
            try save(BarChart(title: "Largest activation over th" + seedsNote, xLabel: "layer", yLabel: "median over units of max a / th",
                              groups: am.layers, series: try bars("median_ratio"), valueDecimals: 2), "fig4-ratio", width: 8.4)
        }

        let seed = spec.seeds[0], shownVariant = am.variants.last!
        let train = try SupervisedArrays.read("train", in: dir)
        let rows = SignalSimilarityStage.axisRows(train.inputs)
        let model = try SeedFolder.referenceModel(spec, seed: seed, in: dir).network
        for layer in am.layers {
            let folder = ActivationMaximizationStage.folder(seed: seed, layer: layer)
            let output = try ActivationMaximizationStage.unitOutput(of: layer, in: model)
            let trunk = SFHFCNN.singleAxisTrunk(of: model, through: output)
            let units = try CSVRows(try dir.read("\(folder)/units.csv"), file: "\(folder)/units.csv")
            let unitIDs = try (0..<units.count).map { Int(try units.double($0, "unit")) }
            // Every variant's signals and feature maps, read once for all of the layer's figures.
            var arrays: [String: (signals: Tensor, maps: Tensor)] = [:]
            for variant in am.variants {
                let stem = "\(folder)/\(ActivationMaximizationStage.stem(variant))"
                arrays[variant] = (try dir.readArray("\(stem)-signals.npy"), try dir.readArray("\(stem)-activations.npy"))
            }
            for unit in try am.shownUnits ?? highestRatioUnits(in: "\(folder)/\(ActivationMaximizationStage.stem(am.variants[0]))-units.csv", dir) {
                guard let k = unitIDs.firstIndex(of: unit) else { continue }  // not maximised (never fired, or beyond `units`)
                let th = try units.double(k, "threshold")
                var signalSeries: [LineSeries] = [], activationSeries: [LineSeries] = []
                for variant in am.variants {
                    let (signals, maps) = arrays[variant]!
                    let signal = signals.items(k..<(k + 1)).array.map(Double.init), map = maps.items(k..<(k + 1)).array.map(Double.init)
                    let shift = Double(signal.count - map.count) / 2
                    signalSeries.append(LineSeries(variant, y: signal))
                    activationSeries.append(LineSeries(variant, x: map.indices.map { Double($0) + shift }, y: map))
                }
                if spec.figures.contains(.unitSignals) {
                    // The signal above the activation it causes, as the paper draws them.
                    let time = Double(signalSeries[0].y.count - 1)
                    activationSeries.append(LineSeries("th = μ + 2σ (≈ 95 %)", x: [0, time], y: [th, th], color: Color(hex: 0x555555), dashed: true))
                    let signal = LineChart(title: "\(layer) unit \(unit): generated signal (seed \(seed))", xLabel: "time step (30 Hz)",
                                           yLabel: "amplitude (g)", series: signalSeries, xLimits: 0...time)
                    let activation = LineChart(title: "its activation", xLabel: "time step (30 Hz)", yLabel: "unit activation",
                                               series: activationSeries, xLimits: 0...time)
                    try save(ChartStack(title: "\(layer) unit \(unit)", [signal, activation]), "fig1-\(layer)-unit\(unit)",
                             width: 7.2, height: 7.2)
                }
                if spec.figures.contains(.nearestWindows) {
                    try save(try nearestWindowsFigure(layer: layer, unit: unit, k: k, arrays: arrays[shownVariant]!, rows: rows,
                                                      axes: train.inputs.shape[1], network: (trunk, output), spec: spec),
                             "fig5-\(layer)-unit\(unit)-nearest", width: 7.2, height: 7.2)
                }
            }
            if spec.figures.contains(.activationAtlas), unitIDs.count >= 4 {
                let signals = arrays[shownVariant]!.signals
                let table = "\(folder)/\(ActivationMaximizationStage.stem(shownVariant))-units.csv"
                let scored = try CSVRows(try dir.read(table), file: table)
                let points = (0..<unitIDs.count).map { signals.items($0..<($0 + 1)).array.map(Double.init) }
                let perplexity = am.atlasPerplexity ?? min(30, Double(points.count - 1) / 3)
                let xy = try TSNE(perplexity: perplexity, iterations: am.atlasIterations, seed: UInt64(spec.seed)).embed(points)
                let column = scored.header.firstIndex(of: "nearest_activity")!
                let activity = scored.rows.map { Int($0[column]) ?? -1 }  // failed units have no nearest window
                let present = Array(Set(activity)).sorted()
                try save(ScatterPlot(title: "Activation atlas of \(layer) (t-SNE of \(unitIDs.count) units, \(shownVariant))",
                                     xLabel: "t-SNE 1", yLabel: "t-SNE 2", x: xy.map { $0[0] }, y: xy.map { $0[1] },
                                     categories: activity.map { present.firstIndex(of: $0)! },
                                     categoryNames: present.map { $0 < 0 ? "failed" : "activity \($0)" }),
                         "fig8-atlas-\(layer)")
            }
        }
        return written
    }

    /// The two units of a layer whose signal reached the highest max a / th (finite ones only).
    func highestRatioUnits(in table: String, _ dir: RunDirectory) throws -> [Int] {
        let rows = try CSVRows(try dir.read(table), file: table)
        let ranked = try (0..<rows.count).map { (unit: Int(try rows.double($0, "unit")), ratio: try rows.double($0, "ratio")) }
            .filter { $0.ratio.isFinite }.sorted { ($0.ratio, -$0.unit) > ($1.ratio, -$1.unit) }
        return ranked.prefix(2).map(\.unit)
    }

    /// Fig. 5: the generated signal X* with the three training windows nearest to its peak
    /// window x̂*, each shifted so its best-fitting stretch lies under x̂* (top), and the unit's
    /// activation along each of them (bottom).
    func nearestWindowsFigure(layer: String, unit: Int, k: Int, arrays: (signals: Tensor, maps: Tensor), rows: [[Float]], axes: Int,
                              network: (trunk: Network, output: String), spec: ExperimentSpec) throws -> Figure {
        let am = spec.activationMaximization, variant = am.variants.last!
        let signal = arrays.signals.items(k..<(k + 1)).array, map = arrays.maps.items(k..<(k + 1)).array
        let start = try SignalSimilarity.peakWindowStart(signal, activations: map, width: am.windowWidth)
        let pattern = Array(signal[start..<(start + am.windowWidth)])
        let nearest = try SignalSimilarity.nearestWindows(pattern, trainingWindows: rows, count: 3)
        let windows = nearest.map { rows[$0.window] }
        let shifts = windows.map { Double(start - SignalSimilarity.bestOffset(pattern, in: $0)) }

        // The unit's activation along each training window: (K, 1, T) through the single-axis trunk.
        let time = signal.count
        let batch = Tensor(shape: [windows.count, 1, time], values: windows.flatMap { $0 })
        let a = network.trunk.forward(batch, .evaluation, through: network.output)
        let positions = a.shape.countPerItem / a.shape[1], centre = Double(time - positions) / 2
        let gray = [Color(hex: 0x555555), Color(hex: 0x888888), Color(hex: 0xBBBBBB)]
        var signals = [LineSeries("X* (\(variant))", y: signal.map(Double.init), color: Color(hex: 0xD62728))]
        var activations = [LineSeries("X*", x: map.indices.map { Double($0) + centre }, y: map.map(Double.init), color: Color(hex: 0xD62728))]
        for (i, (window, shift)) in zip(windows, shifts).enumerated() {
            let row = nearest[i].window
            let label = "training window \(row / axes), axis \(row % axes) (d = \(String(format: "%.3f", nearest[i].distance)))"
            signals.append(LineSeries(label, x: window.indices.map { Double($0) + shift }, y: window.map(Double.init), color: gray[i]))
            let values = (0..<positions).map { Double(a.data[i * a.shape.countPerItem + unit * positions + $0]) }
            activations.append(LineSeries(label, x: values.indices.map { Double($0) + centre + shift }, y: values, color: gray[i]))
        }
        let x0 = Double(start), x1 = Double(start + am.windowWidth - 1)
        let limits = (min(0, shifts.min()!))...(max(Double(time - 1), shifts.max()! + Double(time - 1)))
        return ChartStack(title: "\(layer) unit \(unit) nearest windows", [
            LineChart(title: "\(layer) unit \(unit): X* and its nearest training windows (x̂* = steps \(Int(x0))–\(Int(x1)))",
                      xLabel: "time step of X* (30 Hz)", yLabel: "amplitude (g)", series: signals,
                      markers: [VerticalMarker(x: x0), VerticalMarker(x: x1)], xLimits: limits),
            LineChart(title: "the unit's activation along each", xLabel: "time step of X* (30 Hz)", yLabel: "unit activation",
                      series: activations, markers: [VerticalMarker(x: x0), VerticalMarker(x: x1)], xLimits: limits),
        ])
    }
}
