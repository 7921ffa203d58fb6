import Figures
import Metrics
import NeuralNet
import Tensors

/// Fig. 5 for each shown unit: X* beside its nearest training windows and their activations.
enum NearestWindowsFigure {
    static func draw(_ canvas: inout FigureCanvas) throws {
        let spec = canvas.spec, dir = canvas.directory, am = spec.activationMaximization
        let shownVariant = am.variants.last!
        let train = try SupervisedArrays.read("train", in: dir)
        let rows = SignalSimilarityStage.axisRows(train.inputs)
        let model = try SeedFolder.referenceModel(spec, seed: spec.seeds[0], in: dir).network
        for layer in am.layers {
            let maximized = try canvas.loading("maximized \(layer)") { try MaximizedLayer(layer, spec, in: dir) }
            let output = try ActivationMaximizationStage.unitOutput(of: layer, in: model)
            let trunk = SFHFCNN.singleAxisTrunk(of: model, through: output)
            for (unit, k) in try maximized.shownUnits(spec, in: dir) {
                try canvas.save(try figure(layer: layer, unit: unit, k: k, arrays: maximized.arrays[shownVariant]!, rows: rows,
                                           axes: train.inputs.shape[1], network: (trunk, output), spec: spec),
                                "fig5-\(layer)-unit\(unit)-nearest", canvas.page(height: 7.2))
            }
        }
    }

    /// Fig. 5: the generated signal X* with the three training windows nearest to its peak
    /// window x̂*, each shifted so its best-fitting stretch lies under x̂* (top), and the unit's
    /// activation along each of them (bottom).
    static func figure(layer: String, unit: Int, k: Int, arrays: (signals: Tensor, maps: Tensor), rows: [[Float]], axes: Int,
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
