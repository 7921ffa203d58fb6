import ArgumentParser
import Benchmarks
import Foundation
import Tensors

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Time training, input-gradient and inference throughput and GEMM GFLOP/s.")

    @Option(help: "Threads for driftlab's loops and GEMM (results do not depend on it).")
    var threads: Int = 2

    @Option(parsing: .upToNextOption, help: "Run only these workloads (names as in the table).")
    var only: [String] = []

    @Flag(help: "Print the results as JSON instead of a table.")
    var json = false

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be ≥ 1, got \(threads)") }
        let known = Set(Workload.all.map(\.name))
        for name in only where !known.contains(name) {
            throw ValidationError("unknown workload '\(name)'; known: \(Workload.all.map(\.name).joined(separator: ", "))")
        }
    }

    func run() throws {
        Threads.set(threads)
        let chosen = only.isEmpty ? Workload.all : Workload.all.filter { only.contains($0.name) }
        var results: [BenchmarkResult] = []
        for (i, workload) in chosen.enumerated() {
            FileHandle.standardError.write("[\(i + 1)/\(chosen.count)] \(workload.name)…\n".data(using: .utf8)!)
            let (warmup, repeats) = Benchmark.repeats(for: workload)
            results.append(Benchmark.run(workload, warmup: warmup, repeats: repeats))
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(results), as: UTF8.self))
        } else {
            print(Benchmark.table(results))
        }
    }
}
