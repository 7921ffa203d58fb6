import Foundation
import Tensors

/// The timing of one workload: rates of several timed runs after warm-up.
public struct BenchmarkResult: Codable {
    public let name: String
    public let batch: Int
    public let threads: Int
    public let median: Double
    public let min: Double
    public let max: Double
    public let unit: String
    public let pytorch: String
}

public enum Benchmark {
    /// Runs `workload` `warmup` times untimed, then `repeats` timed runs; rates are per run.
    public static func run(_ workload: Workload, warmup: Int = 2, repeats: Int = 7) -> BenchmarkResult {
        let body = workload.prepare()
        for _ in 0..<warmup { body() }
        var rates: [Double] = []
        for _ in 0..<repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            rates.append(workload.rate(seconds: seconds))
        }
        rates.sort()
        return BenchmarkResult(name: workload.name, batch: workload.batch, threads: Threads.count,
                               median: rates[rates.count / 2], min: rates.first!, max: rates.last!,
                               unit: workload.unit.rawValue, pytorch: workload.pytorch)
    }

    /// Repeats sized so slow workloads (ResNet-18 w64: seconds per batch) still finish quickly.
    public static func repeats(for workload: Workload) -> (warmup: Int, repeats: Int) {
        workload.name.hasPrefix("resnet18-w64") ? (1, 3) : (2, 7)
    }

    /// A plain-text table: workload, batch, threads, median, range, unit, PyTorch's figure.
    public static func table(_ results: [BenchmarkResult]) -> String {
        let header = ["workload", "batch", "threads", "median", "min–max", "unit", "PyTorch 2 threads"]
        let rows = results.map { r in
            [r.name, String(r.batch), String(r.threads), format(r.median), format(r.min) + "–" + format(r.max), r.unit, r.pytorch]
        }
        let widths = header.indices.map { i in ([header] + rows).map { $0[i].count }.max()! }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in
                i == 0 || i >= 5 ? c.padding(toLength: widths[i], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[i] - c.count) + c
            }.joined(separator: "  ")
        }
        return ([line(header), line(widths.map { String(repeating: "-", count: $0) })] + rows.map(line))
            .joined(separator: "\n")
    }

    static func format(_ x: Double) -> String {
        x >= 100 ? String(Int(x.rounded())) : String(format: "%.1f", x)
    }
}
