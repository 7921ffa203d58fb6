/// tables/data-cleansing.{csv,md}: per k, the flipped labels found among the k most harmful
/// beside the random control's, and test accuracy before removal and after each removal.
struct DataCleansingTablesStage: Stage {
    let name = "tables"

    func run(_ context: RunContext) throws -> [String] {
        let spec = context.spec, dir = context.directory
        let rows = try DataCleansingArtifacts.retrained.read(in: dir)
        var byRemoval: [String: [(k: Int, found: Double, precision: Double, recall: Double, accuracy: Double)]] = [:]
        for i in 0..<rows.count {
            byRemoval[try rows.string(i, "removal"), default: []].append(
                (try rows.int(i, "k"), try rows.double(i, "flipped_removed"), try rows.double(i, "precision"),
                 try rows.double(i, "recall"), try rows.double(i, "test_accuracy")))
        }
        guard let before = byRemoval["none"]?.first?.accuracy else {
            throw ArtifactError(file: DataCleansingArtifacts.retrained.path, problem: "has no row for removal none")
        }
        func mean(_ xs: [Double]) -> Double { xs.reduce(0, +) / Double(max(xs.count, 1)) }
        func percent(_ x: Double) -> String { String(format: "%.1f %%", 100 * x) }
        // A count, or the mean of the random draws' counts.
        func count(_ x: Double) -> String { x == x.rounded() ? String(Int(x)) : String(format: "%.1f", x) }
        var table: [[String]] = []
        let ks = Array(Set((byRemoval["harmful"] ?? []).map(\.k))).sorted()
        for k in ks {
            for removal in ["harmful", "influence-function", "random"] {
                let entries = (byRemoval[removal] ?? []).filter { $0.k == k }
                guard !entries.isEmpty else { continue }
                let accuracy = entries.map(\.accuracy)
                let range = entries.count > 1 ? " (\(percent(accuracy.min()!))–\(percent(accuracy.max()!)))" : ""
                let label = ["harmful": "most harmful", "influence-function": "most harmful by influence function"][removal]
                    ?? "random (\(entries.count) draws)"
                table.append([label, "\(k)",
                              count(mean(entries.map(\.found))), percent(mean(entries.map(\.precision))),
                              percent(mean(entries.map(\.recall))), percent(before), percent(mean(accuracy)) + range])
            }
        }
        if let oracle = byRemoval["flipped"]?.first {
            table.append(["every flipped label", "\(oracle.k)", count(oracle.found), percent(oracle.precision),
                          percent(oracle.recall), percent(before), percent(oracle.accuracy)])
        }
        let flips = Int((spec.cleansing.flipFraction * Double(try dir.readArray(SupervisedArrays.paths("train").targets).count)).rounded())
        let written = Table(
            title: "\(spec.name): SGD data cleansing — flipped labels among the removed, test accuracy before and after",
            columns: ["removed", "k", "flipped among them", "precision", "recall", "test accuracy before", "test accuracy after"],
            rows: table,
            notes: ["\(flips) of the training labels were flipped (\(percent(spec.cleansing.flipFraction))): a random removal's expected precision.",
                    "\"Most harmful\" ranks by the SGD-influence estimate on the validation loss (most negative first), \"by influence function\" by Koh & Liang's estimate at the final model (damped Hessian, conjugate gradients); retraining uses the same seed and minibatches minus the removed rows."])
        return try written.write("data-cleansing", in: dir)
    }
}
