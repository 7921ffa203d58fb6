import Attribution
import Foundation
import Metrics
import NeuralNet
import Tensors

/// Paper 002's faithfulness of every method's maps at the snapshot epochs, for any image study
/// that keeps per-snapshot maps of a set of explained images:
///   – deletion and insertion curves of each map (`RemovalCurves`), and their areas;
///   – Spearman's ρ between each map's per-pixel score (channels summed) and the removal ranking,
///     the drop of the class score when that pixel (or patch) alone is removed (occlusion);
///   – the same for a random-map control (a seeded random ranking per sample), which every
///     method should beat.
/// Writes faithfulness/epoch-NNNN.csv and -curves.csv per epoch (an epoch whose files exist is
/// not recomputed), metrics/faithfulness.csv over all epochs and tables/faithfulness.{csv,md}
/// at the reference epoch, methods ranked by deletion AUC.
struct FaithfulnessStage: Stage {
    let name = "faithfulness"
    let faithfulness: FaithfulnessSpec
    /// The explained images (N, C, H, W) or series rows (N, D), and what each snapshot's maps
    /// explain (its classes, or the regression output).
    let explained: (RunContext) throws -> (inputs: Tensor, target: (Network) -> AttributionTarget)
    /// One method's maps of those inputs at one epoch.
    let maps: (_ epoch: Int, _ method: String, _ samples: Int) -> ArrayArtifact
    /// The epochs that have maps: every snapshot (images), or only the reference epoch (series).
    var mapEpochs: (ExperimentSpec, _ reference: Int) -> [Int] = { spec, _ in SnapshotModel.epochs(spec) }

    func run(_ context: RunContext) throws -> [String] {
        let spec = context.spec, dir = context.directory
        let (inputs, explainedTarget) = try explained(context)
        let series = inputs.shape.rank == 2
        let n = inputs.shape[0], plane = series ? inputs.shape[1] : inputs.shape[2] * inputs.shape[3]
        var baseline = faithfulness.baseline
        if case .datasetMean = baseline {
            baseline = .datasetMean(RemovalBaseline.channelMeans(try SupervisedArrays.read("train", in: dir).inputs))
        }
        // Series: each feature alone; images: each removalPatch² patch.
        let removal: any AttributionMethod = series ? FeatureAblation(baseline: baseline) : Occlusion(patch: faithfulness.removalPatch, baseline: baseline)
        let randomOrders = (0..<n).map { i in FaithfulnessStage.randomOrder(plane, seed: UInt64(faithfulness.randomSeed), sample: i) }
        var written: [String] = []
        var all = FaithfulnessArtifacts.all.header
        let reference = try ReferenceEpoch.read(dir).epoch
        let epochs = faithfulness.epochs(mapEpochs(spec, reference), reference: reference)
        let clock = WorkClock("faithfulness (snapshot × ranking)", total: epochs.count * (spec.attribution.count + 1))
        for (k, epoch) in epochs.enumerated() {
            let scores = FaithfulnessArtifacts.scores(epoch: epoch), curves = FaithfulnessArtifacts.curves(epoch: epoch)
            if !(dir.exists(scores.path) && dir.exists(curves.path)) {
                let started = Date()
                let network = try SnapshotModel.load(spec, epoch: epoch, from: dir)
                let target = explainedTarget(network)
                let ideal = RemovalView.images(removal.attribute(network, inputs: inputs, target: target))  // (N, 1, H, W)
                var scoreRows = scores.header, curveRows = curves.header
                var rankings: [(String, [[Int]], Tensor?)] = try spec.attribution.map { method in
                    let m = RemovalView.images(try maps(epoch, method.name, n).read(in: dir))
                    return (method.name, (0..<n).map { RemovalCurves.order(m, item: $0) }, m)
                }
                rankings.append((FaithfulnessArtifacts.randomControl, randomOrders, nil))
                for (j, (method, orders, mapTensor)) in rankings.enumerated() {
                    defer { context.progress(clock.event(done: k * rankings.count + j + 1)) }
                    let c = RemovalCurves.of(network, inputs: inputs, orders: orders, target: target,
                                             steps: faithfulness.steps, baseline: baseline)
                    let rho = (0..<n).map { i -> Double? in
                        let score = mapTensor.map { FaithfulnessStage.pixelScores($0, item: i) } ?? FaithfulnessStage.rankScores(orders[i])
                        return try? SpearmanCorrelation.of(score, FaithfulnessStage.pixelScores(ideal, item: i))
                    }.compactMap { $0 }
                    let mean = { (xs: [Double]) in xs.isEmpty ? "" : number(xs.reduce(0, +) / Double(xs.count)) }
                    scoreRows += "\(method),\(n),\(mean(c.map(\.deletionAUC))),\(mean(c.map(\.insertionAUC))),\(mean(rho))\n"
                    for s in 0...faithfulness.steps {
                        curveRows += "\(method),\(s),\(number(Double(s * plane / faithfulness.steps) / Double(plane))),"
                            + "\(mean(c.map { $0.deletion[s] })),\(mean(c.map { $0.insertion[s] }))\n"
                    }
                }
                try dir.write(scoreRows, to: scores.path)
                try dir.write(curveRows, to: curves.path)
                context.progress(.note("faithfulness, epoch \(epoch) (\(k + 1)/\(epochs.count)): \(rankings.count) rankings × \(n) samples in "
                    + String(format: "%.1f", Date().timeIntervalSince(started)) + "s"))
            }
            written += [scores.path, curves.path]
            let rows = try scores.read(in: dir)
            for r in 0..<rows.count {
                all += "\(epoch)," + (try scores.columns.map { try rows.string(r, $0) }).joined(separator: ",") + "\n"
            }
        }
        try dir.write(all, to: FaithfulnessArtifacts.all.path)
        return written + [FaithfulnessArtifacts.all.path] + (try table(context, series: series))
    }

    /// tables/faithfulness: the reference epoch's scores, methods by deletion AUC (lower first).
    func table(_ context: RunContext, series: Bool) throws -> [String] {
        let dir = context.directory
        let reference = try ReferenceEpoch.read(dir).epoch
        let epochs = mapEpochs(context.spec, reference)
        let epoch = epochs.contains(reference) ? reference : epochs.last!
        let rows = try FaithfulnessArtifacts.scores(epoch: epoch).read(in: dir)
        let order = try (0..<rows.count).sorted { try rows.double($0, "deletion_auc") < rows.double($1, "deletion_auc") }
        let random = try (0..<rows.count).first { try rows.string($0, "method") == FaithfulnessArtifacts.randomControl }
            .map { (deletion: try rows.double($0, "deletion_auc"), insertion: try rows.double($0, "insertion_auc")) }
        let cells = try order.enumerated().map { rank, r -> [String] in
            let method = try rows.string(r, "method")
            let deletion = try rows.double(r, "deletion_auc"), insertion = try rows.double(r, "insertion_auc")
            let control = method == FaithfulnessArtifacts.randomControl
            return [String(rank + 1), method, fixed3(deletion), fixed3(insertion),
                    try rows.optionalDouble(r, "spearman_removal").map(fixed3) ?? "—",
                    control ? "control" : (random.map { deletion < $0.deletion ? "yes" : "no" } ?? "—"),
                    control ? "control" : (random.map { insertion > $0.insertion ? "yes" : "no" } ?? "—")]
        }
        let f = faithfulness
        return try Table(
            title: "Faithfulness of each method at epoch \(epoch) (\(context.spec.name))",
            columns: ["rank", "method", "deletion AUC (lower is better)", "insertion AUC (higher is better)",
                      "Spearman to removal", "beats random (deletion)", "beats random (insertion)"],
            rows: cells,
            notes: [series
                    ? "Deletion / insertion: the prediction (standardised y) as each test step's top features are removed (or put back "
                        + "into the baseline) in \(f.steps) steps; the area under each curve over the fraction removed."
                    : "Deletion / insertion: the explained class's probability as the map's top pixels are removed from the image "
                        + "(or put back into the baseline) in \(f.steps) steps; the area under each curve over the fraction removed.",
                    series
                    ? "Removal ranking: the prediction's drop when each feature alone is removed (paper 002's ideal attribution); "
                        + "Spearman's ρ against each map."
                    : "Removal ranking: the class score's drop when each \(f.removalPatch)×\(f.removalPatch) patch alone is removed "
                        + "(paper 002's ideal attribution); Spearman's ρ against each map's per-pixel score (channels summed).",
                    "Baseline: \(FaithfulnessStage.describe(f.baseline)); random: a seeded random ranking per sample (seed \(f.randomSeed)).",
                    "Means over \(try rows.int(0, "samples")) explained samples; every epoch is in metrics/faithfulness.csv."]
        ).write("faithfulness", in: dir)
    }

    /// A map's per-pixel score: its channels summed, the value `RemovalCurves.order` ranks by.
    static func pixelScores(_ maps: Tensor, item i: Int) -> [Double] {
        let c = maps.shape[1], plane = maps.shape.countPerItem / c
        return withExtendedLifetime(maps) {
            (0..<plane).map { p in (0..<c).reduce(0.0) { $0 + Double(maps.data[(i * c + $1) * plane + p]) } }
        }
    }

    /// Scores that give `order` back: the first pixel highest.
    static func rankScores(_ order: [Int]) -> [Double] {
        var s = [Double](repeating: 0, count: order.count)
        for (rank, p) in order.enumerated() { s[p] = Double(order.count - rank) }
        return s
    }

    /// A Fisher–Yates shuffle of 0..<count from the stream of (seed, sample): the same for a
    /// sample whichever others are explained.
    static func randomOrder(_ count: Int, seed: UInt64, sample: Int) -> [Int] {
        let generator = Generator(seed: seed &* 1_000_003 &+ UInt64(sample))
        var order = Array(0..<count)
        for i in stride(from: count - 1, to: 0, by: -1) { order.swapAt(i, Int(generator.next() % UInt64(i + 1))) }
        return order
    }

    static func describe(_ b: RemovalBaseline) -> String {
        switch b {
        case .zero: return "0"
        case .constant(let v): return "the constant \(v)"
        case .blur(let r): return "the image blurred by a \(2 * r + 1)×\(2 * r + 1) box"
        case .datasetMean: return "each channel's training mean"
        }
    }
}
