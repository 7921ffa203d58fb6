import Foundation
import Tensors

/// The timing of one workload: rates of several timed runs after warm-up, and the peak
/// resident memory of the process that ran it.
public struct BenchmarkResult: Codable {
    public let name: String
    public let batch: Int
    public let threads: Int
    public let median: Double
    public let min: Double
    public let max: Double
    public let unit: String
    /// `getrusage(RUSAGE_SELF).ru_maxrss` after the row, in MiB: the high-water mark of the
    /// whole process, which is why `driftlab bench` runs every row in a process of its own
    /// (so the figure is this row's, plus the executable's few MiB at start-up).
    public let peakRSSMiB: Double
}

/// What a `driftlab bench --json` run prints: the rows and what they ran on.
public struct BenchmarkReport: Codable {
    public let date: String
    public let machine: String
    /// `GEMMKernel.active`: the GEMM vector path every row ran.
    public let gemmKernel: String
    public let threads: Int
    public let rows: [BenchmarkResult]

    public init(rows: [BenchmarkResult]) {
        date = ISO8601DateFormatter().string(from: Date())
        machine = Benchmark.machine
        gemmKernel = GEMMKernel.active.rawValue
        threads = Threads.count
        self.rows = rows
    }
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
                               unit: workload.unit.rawValue, peakRSSMiB: peakResidentMiB())
    }

    /// Repeats sized so slow workloads (ResNet-18 w64: seconds per batch) still finish quickly.
    public static func repeats(for workload: Workload) -> (warmup: Int, repeats: Int) {
        workload.name.hasPrefix("resnet18-w64") ? (1, 3) : (2, 7)
    }

    /// The process's peak resident set so far (Linux reports `ru_maxrss` in KiB), in MiB.
    public static func peakResidentMiB() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }

    /// The CPU's model name and core count, from /proc/cpuinfo.
    public static var machine: String {
        let info = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = info.split(separator: "\n").first { $0.hasPrefix("model name") }
            .map { $0.split(separator: ":", maxSplits: 1).last!.trimmingCharacters(in: .whitespaces) } ?? "unknown CPU"
        return "\(model), \(ProcessInfo.processInfo.activeProcessorCount) cores"
    }

    /// The header above the table: when, on what, and which GEMM path ran.
    public static func header(_ report: BenchmarkReport) -> String {
        let available = GEMMKernel.available.map(\.rawValue).joined(separator: ", ")
        return """
            \(report.date) · \(report.machine) · \(report.threads) threads
            GEMM kernel: \(report.gemmKernel) (this CPU runs: \(available))
            each row in a process of its own; peak RSS = that process's ru_maxrss
            """
    }

    /// A plain-text table: workload, batch, threads, median, range, unit, peak RSS.
    public static func table(_ results: [BenchmarkResult]) -> String {
        let header = ["workload", "batch", "threads", "median", "min–max", "unit", "peak RSS MiB"]
        let rows = results.map { r in
            [r.name, String(r.batch), String(r.threads), format(r.median), format(r.min) + "–" + format(r.max), r.unit,
             String(Int(r.peakRSSMiB.rounded()))]
        }
        return layOut(header: header, rows: rows, leftAligned: [0, 5])
    }

    /// Columns padded to their widest cell, numbers right-aligned unless listed.
    public static func layOut(header: [String], rows: [[String]], leftAligned: Set<Int>) -> String {
        let widths = header.indices.map { i in ([header] + rows).map { $0[i].count }.max()! }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in
                leftAligned.contains(i) ? c.padding(toLength: widths[i], withPad: " ", startingAt: 0)
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
