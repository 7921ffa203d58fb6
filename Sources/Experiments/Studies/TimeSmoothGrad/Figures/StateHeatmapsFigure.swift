import Figures
import Tensors

/// Fig. 1: feature × time heatmaps of F_s, the gradient and Time-Smoothgrad over the test steps,
/// state boundaries marked.
enum StateHeatmapsFigure {
    /// Heatmaps average time into at most this many columns so every column is visible.
    static let maxColumns = 600

    static func draw(_ canvas: inout FigureCanvas, data s: ARStatesSpec) throws {
        let spec = canvas.spec, dir = canvas.directory
        let reference = try ReferenceEpoch.read(dir)
        let perState = s.stepsPerState - Int((s.trainFraction * Double(s.stepsPerState)).rounded())
        let f = try dir.readArray("data/coefficients.npy")  // (S, D)
        let steps = perState * s.states
        let coefficientMap = Tensor(uninitialized: [steps, s.features])
        for t in 0..<steps { for d in 0..<s.features { coefficientMap[t, d] = f[t / perState, d] } }
        var maps: [(String, String, Tensor)] = [("F_s (true coefficients)", "fig1-coefficients", coefficientMap)]
        for method in spec.attribution {
            maps.append(("\(method.name), epoch \(reference.epoch)", "fig1-\(method.name)", try TimeSmoothGradArtifacts.maps(epoch: reference.epoch, method: method.name, features: nil).read(in: dir)))
        }
        for (title, stem, map) in maps {
            let (grid, boundaries) = binned(map, stepsPerState: perState, states: s.states)
            try canvas.save(Heatmap(title: title, xLabel: "test time step (binned)", yLabel: "feature", values: grid,
                             colors: .diverging, colorbarLabel: stem == "fig1-coefficients" ? "F_s" : "∂y/∂x",
                             rowLabels: s.features <= 30 ? (0..<s.features).map(String.init) : nil, columnSeparators: boundaries),
                     stem, FigureSpec(width: 7.2, height: min(8, max(2.8, 1.2 + 0.16 * Double(s.features))), dpi: Double(spec.dpi)))
        }
    }

    /// (time, feature) → a (feature, bin) grid of column means, and the bins where states change.
    static func binned(_ map: Tensor, stepsPerState: Int, states: Int) -> (Grid2D, [Int]) {
        let steps = map.shape[0], features = map.shape[1]
        let columns = min(steps, maxColumns)
        var values = [Double](repeating: 0, count: features * columns)
        var counts = [Int](repeating: 0, count: columns)
        for t in 0..<steps {
            let c = t * columns / steps
            counts[c] += 1
            for d in 0..<features { values[d * columns + c] += Double(map[t, d]) }
        }
        for d in 0..<features { for c in 0..<columns { values[d * columns + c] /= Double(max(counts[c], 1)) } }
        let boundaries = (1..<states).map { $0 * stepsPerState * columns / steps }
        return (Grid2D(rows: features, cols: columns, values: values), boundaries)
    }
}
