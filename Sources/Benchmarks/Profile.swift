import Foundation
import NeuralNet
import Tensors

/// `driftlab bench --profile`: where one workload's step goes, layer by layer. The workload
/// runs its warm-up, then `steps` runs inside a `LayerProfile` recording; every figure is
/// seconds per step (the mean over the recorded steps).
public struct ProfileReport {
    public let workload: String
    public let steps: Int
    /// Wall time of one step, recording on (the timers cost well under 1 % of a ResNet step).
    public let stepSeconds: Double
    /// Per (layer path, phase): self seconds per step.
    public let entries: [LayerProfile.Entry]

    /// One line of a table: a name, forward, backward and other seconds per step.
    public struct Row {
        public let name: String
        public let kind: String
        public let forward, backward, other: Double
        public var total: Double { forward + backward + other }
    }

    /// Rows summed by `key` (a layer's kind, or its path), largest total first, plus the part
    /// of the step no timer covered (loss, optimizer and what lies between the layers).
    public func rows(by key: (LayerProfile.Entry) -> String) -> [Row] {
        var order: [String] = []
        var sums: [String: (kind: String, f: Double, b: Double, o: Double)] = [:]
        for e in entries {
            let k = key(e)
            if sums[k] == nil { order.append(k); sums[k] = (e.kind, 0, 0, 0) }
            let s = e.selfSeconds / Double(steps)
            switch e.phase {
            case .forward: sums[k]!.f += s
            case .backward: sums[k]!.b += s
            case .other: sums[k]!.o += s
            }
        }
        var rows = order.map { k in Row(name: k, kind: sums[k]!.kind, forward: sums[k]!.f, backward: sums[k]!.b, other: sums[k]!.o) }
        let covered = rows.reduce(0) { $0 + $1.total }
        rows.append(Row(name: "(untimed)", kind: "", forward: 0, backward: 0, other: max(0, stepSeconds - covered)))
        return rows.sorted { $0.total > $1.total }
    }

    /// The table by layer kind, then (with `layers`) the table by layer path.
    public func table(layers: Bool) -> String {
        func render(_ rows: [Row], first: String, withKind: Bool) -> String {
            let ms = { (x: Double) in x == 0 ? "" : String(format: "%.1f", x * 1e3) }
            let header = [first] + (withKind ? ["kind"] : []) + ["forward ms", "backward ms", "other ms", "total ms", "% of step"]
            let cells = rows.map { r in
                [r.name] + (withKind ? [r.kind] : []) + [ms(r.forward), ms(r.backward), ms(r.other), ms(r.total),
                                                          String(format: "%.1f", 100 * r.total / stepSeconds)]
            }
            return Benchmark.layOut(header: header, rows: cells, leftAligned: withKind ? [0, 1] : [0])
        }
        var text = "\(workload): \(String(format: "%.1f", stepSeconds * 1e3)) ms per step (mean of \(steps) steps), "
            + "GEMM kernel \(GEMMKernel.active.rawValue), \(Threads.count) threads; self times\n\n"
            + render(rows { $0.kind }, first: "layer kind", withKind: false)
        if layers { text += "\n\n" + render(rows { $0.path }, first: "layer", withKind: true) }
        return text
    }
}

extension Benchmark {
    /// Runs `workload`'s warm-up untimed, then `steps` runs recorded layer by layer.
    public static func profile(_ workload: Workload, steps: Int) -> ProfileReport {
        let body = workload.prepare()
        for _ in 0..<repeats(for: workload).warmup { body() }
        let profile = LayerProfile()
        let start = DispatchTime.now().uptimeNanoseconds
        profile.record { for _ in 0..<steps { body() } }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return ProfileReport(workload: workload.name, steps: steps, stepSeconds: seconds / Double(steps),
                             entries: profile.entries)
    }
}
