import Foundation

/// Paper 003's summary: per method and group, mean SSIM and Spearman against the reference
/// at the last epoch and over the over-training period (epochs after the reference), beside the
/// adjacent-epoch similarity (the noise floor), in tables/drift-summary.{csv,md}.
struct OvertrainingTablesStage: Stage {
    let name = "tables"

    func run(_ context: RunContext) throws -> [String] {
        let spec = context.spec, dir = context.directory
        let reference = try ReferenceEpoch.read(dir)
        let epochs = SnapshotModel.epochs(spec)
        let after = epochs.filter { $0 > reference.epoch }
        let last = epochs.last ?? reference.epoch
        var rows: [[String]] = []
        let measures = OvertrainingTablesStage.measures(spec)
        for method in spec.attribution {
            let summary = try DriftSummary(method: method.name, in: dir)
            for group in ["A", "B", "C", "all"] where summary.points[group] != nil {
                func overPeriod(_ value: KeyPath<DriftSummary.Point, [Double]>) -> String {
                    let values = after.compactMap { summary.mean(group, $0, value) }
                    return values.isEmpty ? "—" : fixed3(values.reduce(0, +) / Double(values.count))
                }
                func at(_ e: Int, _ value: KeyPath<DriftSummary.Point, [Double]>) -> String { summary.mean(group, e, value).map(fixed3) ?? "—" }
                rows.append([method.name, group] + measures.map { at(last, $0.value) } + measures.map { overPeriod($0.value) }
                            + measures.map { overPeriod($0.previous) })
            }
        }
        let table = Table(
            title: "Drift of heatmaps against the reference epoch \(reference.epoch) (\(spec.name))",
            columns: ["method", "group"] + measures.map { "\($0.label) at epoch \(last)" } + measures.map { "\($0.label) mean after reference" }
                + measures.map { "\($0.label) adjacent epochs" },
            rows: rows,
            notes: ["Groups (paper 003): A clearly correct, B clearly wrong, C ambiguous; all = every selected sample.",
                    "Adjacent epochs: each map against the previous snapshot's — the noise floor drift must be read against.",
                    "Paper 003 (CIFAR-10, ResNet-18, 1000 epochs): SSIM ≤ 0.4 and Spearman ≤ 0.4 over the over-training period,",
                    "≤ 0.3 beyond 1000 epochs; saliency's Spearman ≤ 0.1 throughout; Deconvnet and Guided Backprop change least.",
                    "Deconvnet's backward pass never reads the input in a network without max-pool switches, so its maps",
                    "track only the weights (all images of a class share one map)."])
        return try table.write("drift-summary", in: dir)
    }

    /// The drift measures the spec's `metrics` asked for, with their summary columns.
    static func measures(_ spec: ExperimentSpec)
        -> [(label: String, value: KeyPath<DriftSummary.Point, [Double]>, previous: KeyPath<DriftSummary.Point, [Double]>)] {
        (spec.metrics.contains(.ssim) ? [("SSIM", \DriftSummary.Point.ssim, \DriftSummary.Point.ssimPrevious)] : [])
            + (spec.metrics.contains(.spearman) ? [("Spearman", \DriftSummary.Point.spearman, \DriftSummary.Point.spearmanPrevious)] : [])
    }
}
