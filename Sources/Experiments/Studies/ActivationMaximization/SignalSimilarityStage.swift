import Foundation
import Metrics
import Tensors

/// Paper 004's scores of the generated signals (METHODS.md): per unit the peak window x̂*,
/// its N_sim nearest training stretches (S(u)), whether it failed (max |x*| > th_fail) and the
/// ratio max a / th; per seed, layer and variant S_sim (failed units left out), the failure
/// count and the median ratio; and the table of their mean and min–max over seeds.
///
/// The training stretches are every axis row of every training window: the filters are
/// shared by all axes, so any axis is a signal the units were trained on.
///
/// Writes am/seed-N/<layer>/<variant>-units.csv, metrics/similarity.csv, tables/similarity.*.
struct SignalSimilarityStage: Stage {
    let name = "similarity"
    /// The spec's data section, of the kind this stage reads.
    let data: SensorDataSpec

    struct UnitRow {
        var unit: Int, threshold: Float, maxActivation: Float, maxAmplitude: Float
        var failed: Bool, score: Double?, nearestWindow: Int?, nearestActivity: Int?
    }

    func run(_ context: RunContext) throws -> [String] {
        let spec = context.spec, dir = context.directory, am = spec.activationMaximization
        let train = try SupervisedArrays.read("train", in: dir)
        let rows = SignalSimilarityStage.axisRows(train.inputs)
        let axes = train.inputs.shape[1]
        let activityOfRow = train.targets.array.map { data.activityIDs[Int($0)] }
        var written: [String] = []
        var csv = ActivationMaximizationArtifacts.similarity.header
        var results: [String: [(sim: Double?, failed: Int, ratio: Double)]] = [:]  // "layer variant" → per seed
        for seed in spec.seeds {
            for layer in am.layers {
                let folder = ActivationMaximizationStage.folder(seed: seed, layer: layer)
                let thresholds = try ActivationMaximizationArtifacts.units(seed: seed, layer: layer).read(in: dir)
                for variant in am.variants {
                    let stem = "\(folder)/\(ActivationMaximizationStage.stem(variant))"
                    let signals = try ActivationMaximizationArtifacts.signals(seed: seed, layer: layer, variant: variant, units: thresholds.count).read(in: dir)
                    let maps = try ActivationMaximizationArtifacts.activations(seed: seed, layer: layer, variant: variant, units: thresholds.count).read(in: dir)
                    let units = try SignalSimilarityStage.scoreUnits(signals: signals, maps: maps, thresholds: thresholds,
                                                                      rows: rows, spec: am)
                    let table = units.map { u in
                        [String(u.unit), number(Double(u.threshold)), number(Double(u.maxActivation)),
                         number(Double(u.maxActivation / u.threshold)), number(Double(u.maxAmplitude)), u.failed ? "1" : "0",
                         u.score.map(number) ?? "", u.nearestWindow.map { String($0 / axes) } ?? "",
                         u.nearestWindow.map { String($0 % axes) } ?? "",
                         u.nearestWindow.map { String(activityOfRow[$0 / axes]) } ?? ""].joined(separator: ",")
                    }
                    try dir.write("unit,threshold,max_activation,ratio,max_amplitude,failed,s_unit,nearest_window,nearest_axis,nearest_activity\n"
                                  + table.map { $0 + "\n" }.joined(), to: "\(stem)-units.csv")
                    written.append("\(stem)-units.csv")
                    let scored = units.compactMap(\.score)
                    let sim = scored.isEmpty ? nil : scored.reduce(0, +) / Double(scored.count)
                    let failed = units.filter(\.failed).count
                    let ratio = SignalSimilarityStage.median(units.map { Double($0.maxActivation / $0.threshold) })
                    csv += "\(seed),\(layer),\(variant),\(units.count),\(failed),\(sim.map(number) ?? ""),\(number(ratio))\n"
                    results["\(layer) \(variant)", default: []].append((sim, failed, ratio))
                }
            }
            context.progress(.note("seed \(seed): S_sim of \(am.layers.count) layers × \(am.variants.count) variants"))
        }
        try dir.write(csv, to: ActivationMaximizationArtifacts.similarity.path)
        written.append(ActivationMaximizationArtifacts.similarity.path)
        return written + (try SignalSimilarityStage.table(results, spec: spec).write("similarity", in: dir))
    }

    /// Every axis of every window as its own series: row n·axes + c is window n, axis c.
    static func axisRows(_ windows: Tensor) -> [[Float]] {
        let (n, axes, time) = (windows.shape[0], windows.shape[1], windows.shape[2])
        return (0..<(n * axes)).map { r in Array(UnsafeBufferPointer(start: windows.data + r * time, count: time)) }
    }

    /// S(u), failure and nearest training stretch of each unit, in parallel over units.
    static func scoreUnits(signals: Tensor, maps: Tensor, thresholds: CSVRows, rows: [[Float]],
                           spec am: ActivationMaximizationSpec) throws -> [UnitRow] {
        let count = signals.shape[0]
        guard thresholds.count == count, maps.shape[0] == count else {
            throw RunError.stageFailed(stage: "similarity", reason: "\(count) signals, \(maps.shape[0]) maps, \(thresholds.count) units")
        }
        let signalRows = (0..<count).map { signals.items($0..<($0 + 1)).array }
        let mapRows = (0..<count).map { maps.items($0..<($0 + 1)).array }
        var units = try (0..<count).map { u -> UnitRow in
            let signal = signalRows[u], map = mapRows[u]
            let amplitude = signal.map(abs).max() ?? 0
            return UnitRow(unit: Int(try thresholds.double(u, "unit")), threshold: Float(try thresholds.double(u, "threshold")),
                           maxActivation: map.max() ?? 0, maxAmplitude: amplitude,
                           failed: signal.contains { !$0.isFinite } || amplitude > Float(am.failThreshold),
                           score: nil, nearestWindow: nil, nearestActivity: nil)
        }
        var failures: [Error?] = Array(repeating: nil, count: count)
        units.withUnsafeMutableBufferPointer { units in
            failures.withUnsafeMutableBufferPointer { failures in
                parallelFor(count) { u in
                    guard !units[u].failed else { return }
                    do {
                        let pattern = try SignalSimilarity.peakWindow(signalRows[u], activations: mapRows[u], width: am.windowWidth)
                        let nearest = try SignalSimilarity.nearestWindows(pattern, trainingWindows: rows, count: am.nearest)
                        units[u].score = nearest.reduce(0) { $0 + $1.distance } / Double(nearest.count)
                        units[u].nearestWindow = nearest[0].window
                    } catch { failures[u] = error }
                }
            }
        }
        if let error = failures.compactMap({ $0 }).first { throw error }
        return units
    }

    static func median(_ xs: [Double]) -> Double {
        let s = xs.sorted()
        guard !s.isEmpty else { return .nan }
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    /// Mean [min–max] over seeds of S_sim, failed units and the median ratio, per layer and variant.
    static func table(_ results: [String: [(sim: Double?, failed: Int, ratio: Double)]], spec: ExperimentSpec) -> Table {
        func spread(_ xs: [Double], _ format: (Double) -> String) -> String {
            guard !xs.isEmpty else { return "—" }
            let mean = xs.reduce(0, +) / Double(xs.count)
            return xs.count == 1 ? format(mean) : "\(format(mean)) [\(format(xs.min()!))–\(format(xs.max()!))]"
        }
        let am = spec.activationMaximization
        var rows: [[String]] = []
        for layer in am.layers {
            for variant in am.variants {
                let r = results["\(layer) \(variant)"] ?? []
                let sims = r.compactMap(\.sim)
                rows.append([layer, variant, spread(sims, fixed3) + (sims.count < r.count ? " (\(r.count - sims.count) seeds all failed)" : ""),
                             spread(r.map { Double($0.failed) }) { String(format: "%.1f", $0) }, spread(r.map(\.ratio)) { String(format: "%.2f", $0) }])
            }
        }
        return Table(title: "Similarity of generated signals to the training data (\(spec.name), \(spec.seeds.count) seeds)",
                     columns: ["layer", "variant", "S_sim (lower is better)", "failed units", "median max a / th"],
                     rows: rows,
                     notes: ["Mean over seeds, [min–max] when there are several. S_sim: s_w = \(am.windowWidth), N_sim = \(am.nearest), "
                             + "units with max |x*| > th_fail = \(number(am.failThreshold)) left out and counted as failed.",
                             "Paper 004 (Figs. 3, 4): L2+TV+EAP+clip has the lowest S_sim, especially on conv2 and conv3, and a ratio near 1."])
    }
}
