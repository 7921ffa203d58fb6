import Figures

/// Figs. 1, 6, 7: a shown unit's generated signal under every variant, above the activation it
/// causes with the unit's threshold th, as the paper draws them.
enum UnitSignalsFigure {
    static func draw(_ canvas: inout FigureCanvas) throws {
        let spec = canvas.spec, dir = canvas.directory, am = spec.activationMaximization
        for layer in am.layers {
            let maximized = try canvas.loading("maximized \(layer)") { try MaximizedLayer(layer, spec, in: dir) }
            for (unit, k) in try maximized.shownUnits(spec, in: dir) {
                let th = try maximized.units.double(k, "threshold")
                var signalSeries: [LineSeries] = [], activationSeries: [LineSeries] = []
                for variant in am.variants {
                    let (signals, maps) = maximized.arrays[variant]!
                    let signal = signals.items(k..<(k + 1)).array.map(Double.init), map = maps.items(k..<(k + 1)).array.map(Double.init)
                    let shift = Double(signal.count - map.count) / 2
                    signalSeries.append(LineSeries(variant, y: signal))
                    activationSeries.append(LineSeries(variant, x: map.indices.map { Double($0) + shift }, y: map))
                }
                let time = Double(signalSeries[0].y.count - 1)
                activationSeries.append(LineSeries("th = μ + 2σ (≈ 95 %)", x: [0, time], y: [th, th], color: Color(hex: 0x555555), dashed: true))
                let signal = LineChart(title: "\(layer) unit \(unit): generated signal (seed \(maximized.seed))", xLabel: "time step (30 Hz)",
                                       yLabel: "amplitude (g)", series: signalSeries, xLimits: 0...time)
                let activation = LineChart(title: "its activation", xLabel: "time step (30 Hz)", yLabel: "unit activation",
                                           series: activationSeries, xLimits: 0...time)
                try canvas.save(ChartStack(title: "\(layer) unit \(unit)", [signal, activation]), "fig1-\(layer)-unit\(unit)",
                                canvas.page(height: 7.2))
            }
        }
    }
}
