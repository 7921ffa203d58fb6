/// Paper 000's tables with the paper's numbers beside ours (METHODS.md):
///   tables/table1 — regression quality on test data (Pearson / MSE);
///   tables/table2 — per-state nDCG of the mean map, every method, with the paper's
///   Time-Smoothgrad values (3 states) and the random-ranking chance level.
struct TimeSmoothGradTablesStage: Stage {
    let name = "tables"
    /// The spec's data section, of the kind this stage reads.
    let data: ARStatesSpec

    /// Table 1 of the paper, by number of states.
    static let paperRegression: [Int: (pearson: Double, mse: Double)] = [3: (0.870, 0.679), 10: (0.727, 1.67)]
    /// Table 2 of the paper (3 states, Time-Smoothgrad).
    static let paperNDCG: [Double] = [0.953, 0.950, 1.0]

    func run(_ context: RunContext) throws -> [String] {
        let metrics = context.spec.metrics
        return try (metrics.contains(.regression) ? regressionTable(context) : [])
            + (metrics.contains(.ndcgPerState) || metrics.contains(.ndcgPerStep) ? ndcgTable(context) : [])
    }

    /// Table 1: Pearson and MSE on the test steps beside the paper's.
    func regressionTable(_ context: RunContext) throws -> [String] {
        let s = data
        let dir = context.directory
        let regression = try TimeSmoothGradArtifacts.regression.read(in: dir)
        let paper = TimeSmoothGradTablesStage.paperRegression[s.states]
        let table1 = Table(
            title: "Table 1 — regression on test data (\(s.states) states, \(s.features) features)",
            columns: ["metric", "driftlab", "paper"],
            rows: [["Pearson", fixed3(try regression.double(0, "pearson")), paper.map { fixed3($0.pearson) } ?? "—"],
                   ["MSE (standardised y)", fixed3(try regression.double(0, "mse_standardized")), paper.map { fixed3($0.mse) } ?? "—"]],
            notes: ["Paper values: Table 1 of paper 000 (\(paper == nil ? "no run with this many states" : "\(s.states) states")).",
                    "MSE is on the standardised target (training mean and std); the raw-scale MSE is in metrics/regression.csv."])
        return try table1.write("table1", in: dir)
    }

    /// Table 2: per state, the nDCG columns the spec's metrics asked for.
    func ndcgTable(_ context: RunContext) throws -> [String] {
        let s = data
        let dir = context.directory
        let states = try TimeSmoothGradArtifacts.states.read(in: dir)
        let metrics = context.spec.metrics
        let methods = context.spec.attribution.map(\.name)
        // Mean-map nDCG (the paper's Table 2) for every method, then per-step nDCG.
        let perState = metrics.contains(.ndcgPerState), perStep = metrics.contains(.ndcgPerStep)
        let columns = (perState ? methods.map { "ndcg_\($0)" } : []) + (perStep ? methods.map { "per_step_ndcg_\($0)" } : [])
        let paperColumn = s.states == 3 && perState
        var rows: [[String]] = []
        var means = Array(repeating: 0.0, count: columns.count)
        for i in 0..<states.count {
            var row = [String(i), fixed3(try states.double(i, "pearson")), fixed3(try states.double(i, "ndcg_random_ranking"))]
            for (m, column) in columns.enumerated() {
                let v = try states.double(i, column)
                means[m] += v / Double(states.count)
                row.append(fixed3(v))
            }
            if paperColumn { row.append(fixed3(TimeSmoothGradTablesStage.paperNDCG[i])) }
            rows.append(row)
        }
        var meanRow = ["mean", "", ""] + means.map(fixed3)
        if paperColumn { meanRow.append(fixed3(TimeSmoothGradTablesStage.paperNDCG.reduce(0, +) / 3)) }
        rows.append(meanRow)
        let table2 = Table(
            title: "Table 2 — per-state nDCG of the mean attribution against |F_s|",
            columns: ["state", "prediction Pearson", "random ranking"] + (perState ? methods.map { "\($0) (mean map)" } : [])
                + (perStep ? methods.map { "\($0) (per step)" } : []) + (paperColumn ? ["paper (Time-Smoothgrad, mean map)"] : []),
            rows: rows,
            notes: ["Mean map: relevance |F_s|, features ranked by |mean attribution| over the state's test steps, as the paper's Table 2.",
                    "The state mean of a moving average equals the state mean of the raw gradient up to the window's edges, so the",
                    "mean-map columns cannot separate the methods. Per step: each test step's map ranked against |F_s|, averaged",
                    "over the state (METHODS.md, beyond the paper) — this shows Time-Smoothgrad's smoothing.",
                    "Random ranking: the expected nDCG of a random order of the features, nDCG's chance level."])
        return try table2.write("table2", in: dir)
    }
}
