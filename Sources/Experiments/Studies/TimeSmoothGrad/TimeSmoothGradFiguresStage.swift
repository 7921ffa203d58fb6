import Figures
import Foundation
import Tensors

/// Paper 000's figures:
///   training-curves — train and validation loss per epoch, the reference epoch marked;
///   state-heatmaps — Fig. 1: feature × time heatmaps of F_s, the gradient and Time-Smoothgrad
///     over the test steps, state boundaries marked;
///   lift-chart — Fig. 2: per-state nDCG of each method, states sorted by prediction correlation.
struct TimeSmoothGradFiguresStage: Stage {
    let name = "figures"
    /// The spec's data section, of the kind this stage reads.
    let data: ARStatesSpec
    /// Heatmaps average time into at most this many columns so every column is visible.
    static let maxColumns = 600

    func run(_ context: RunContext) throws -> [String] {
        let s = data
        let spec = context.spec, dir = context.directory
        let look = FigureSpec(width: 7.2, height: 4.2, dpi: Double(spec.dpi))
        var written: [String] = []
        func save(_ figure: Figure, _ stem: String, _ look: FigureSpec) throws {
            let path = "figures/\(stem).png"
            try figure.write(to: try dir.file(path), spec: look)
            written.append(path)
        }
        let reference = try ReferenceEpoch.read(dir)

        if spec.figures.contains(.trainingCurves) {
            try save(try TimeSmoothGradFiguresStage.trainingCurves(spec, dir, reference: reference), "training-curves", look)
        }

        let folder = RunDirectory.attributionFolder(epoch: reference.epoch)
        let perState = s.stepsPerState - Int((s.trainFraction * Double(s.stepsPerState)).rounded())
        if spec.figures.contains(.stateHeatmaps) {
            let f = try dir.readArray("data/coefficients.npy")  // (S, D)
            let steps = perState * s.states
            let coefficientMap = Tensor(uninitialized: [steps, s.features])
            for t in 0..<steps { for d in 0..<s.features { coefficientMap[t, d] = f[t / perState, d] } }
            var maps: [(String, String, Tensor)] = [("F_s (true coefficients)", "fig1-coefficients", coefficientMap)]
            for method in spec.attribution {
                maps.append(("\(method.name), epoch \(reference.epoch)", "fig1-\(method.name)", try dir.readArray("\(folder)/\(method.name).npy")))
            }
            for (title, stem, map) in maps {
                let (grid, boundaries) = TimeSmoothGradFiguresStage.binned(map, stepsPerState: perState, states: s.states)
                try save(Heatmap(title: title, xLabel: "test time step (binned)", yLabel: "feature", values: grid,
                                 colors: .diverging, colorbarLabel: stem == "fig1-coefficients" ? "F_s" : "∂y/∂x",
                                 rowLabels: s.features <= 30 ? (0..<s.features).map(String.init) : nil, columnSeparators: boundaries),
                         stem, FigureSpec(width: 7.2, height: min(8, max(2.8, 1.2 + 0.16 * Double(s.features))), dpi: Double(spec.dpi)))
            }
        }

        if spec.figures.contains(.liftChart) {
            let states = try TimeSmoothGradArtifacts.states.read(in: dir)
            let order = try (0..<states.count).sorted { try states.double($0, "pearson") < states.double($1, "pearson") }
            let rank = (1...order.count).map(Double.init)
            var series = [LineSeries("prediction Pearson", x: rank, y: try order.map { try states.double($0, "pearson") },
                                     color: Color(hex: 0x777777), marker: .circle, dashed: true)]
            for method in spec.attribution {
                series.append(LineSeries("nDCG \(method.name)", x: rank, y: try order.map { try states.double($0, "ndcg_\(method.name)") }, marker: .circle))
                series.append(LineSeries("per-step nDCG \(method.name)", x: rank,
                                         y: try order.map { try states.double($0, "per_step_ndcg_\(method.name)") }, marker: .square))
            }
            try save(LineChart(title: "Lift chart: nDCG by state, sorted by prediction correlation",
                               xLabel: "state rank (ascending prediction Pearson)", yLabel: "score", series: series),
                     "lift-chart", look)
        }
        return written
    }

    /// Train and validation loss per epoch with the reference epoch marked (PAMAP2's figures too).
    static func trainingCurves(_ spec: ExperimentSpec, _ dir: RunDirectory, reference: ReferenceEpoch) throws -> LineChart {
        let history = try TrainingHistory(in: dir)
        let epochs = history.rows.map { Double($0.epoch) }
        return LineChart(title: "Training (\(spec.name))", xLabel: "epoch", yLabel: "loss (MSE, standardised y)",
                         series: [LineSeries("train", x: epochs, y: history.rows.map(\.trainLoss)),
                                  LineSeries("validation", x: epochs, y: history.rows.map(\.validationLoss))],
                         markers: [VerticalMarker(x: Double(reference.epoch), label: "reference \(reference.epoch)")])
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
