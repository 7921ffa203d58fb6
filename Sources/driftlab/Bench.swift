import ArgumentParser
import Benchmarks
import Foundation
import Tensors

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Time training, input-gradient and inference throughput and GEMM GFLOP/s.",
        discussion: """
            Every row runs in a child process of its own, so that its peak RSS (the process's \
            ru_maxrss, which only ever grows) is that row's alone. The header names the GEMM \
            vector path that ran (DRIFTLAB_GEMM_KERNEL forces one).
            """)

    @Option(help: "Threads for driftlab's loops and GEMM (results do not depend on it).")
    var threads: Int = 2

    @Option(parsing: .upToNextOption, help: "Run only these workloads (names as in the table).")
    var only: [String] = []

    @Flag(help: "Print the results as JSON instead of a table.")
    var json = false

    @Option(help: "Instead of the table, profile this workload layer by layer (e.g. resnet18-w64-train).")
    var profile: String?

    @Option(help: "Steps recorded by --profile.")
    var steps: Int = 3

    @Flag(help: "With --profile, also list every layer, not only the sums per layer kind.")
    var layers = false

    @Flag(help: .hidden)
    var inProcess = false

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be ≥ 1, got \(threads)") }
        let known = Set(Workload.all.map(\.name))
        guard steps >= 1 else { throw ValidationError("--steps must be ≥ 1, got \(steps)") }
        for name in only + (profile.map { [$0] } ?? []) where !known.contains(name) {
            throw ValidationError("unknown workload '\(name)'; known: \(Workload.all.map(\.name).joined(separator: ", "))")
        }
    }

    func run() throws {
        Threads.set(threads)
        if let profile {
            let workload = Workload.all.first { $0.name == profile }!
            print(Benchmark.profile(workload, steps: steps).table(layers: layers))
            return
        }
        let chosen = only.isEmpty ? Workload.all : Workload.all.filter { only.contains($0.name) }
        var results: [BenchmarkResult] = []
        for (i, workload) in chosen.enumerated() {
            if inProcess {
                let (warmup, repeats) = Benchmark.repeats(for: workload)
                results.append(Benchmark.run(workload, warmup: warmup, repeats: repeats))
            } else {
                FileHandle.standardError.write("[\(i + 1)/\(chosen.count)] \(workload.name)…\n".data(using: .utf8)!)
                results.append(try runInChild(workload.name))
            }
        }
        let report = BenchmarkReport(rows: results)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(Benchmark.header(report))
            print(Benchmark.table(results))
        }
    }

    /// `driftlab bench --only name --in-process --json` in a fresh process: its one row.
    private func runInChild(_ name: String) throws -> BenchmarkResult {
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        child.arguments = ["bench", "--only", name, "--threads", String(threads), "--in-process", "--json"]
        let out = Pipe()
        child.standardOutput = out
        try child.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        child.waitUntilExit()
        guard child.terminationStatus == 0,
              let row = try JSONDecoder().decode(BenchmarkReport.self, from: data).rows.first else {
            throw ValidationError("bench row \(name): child process exited with status \(child.terminationStatus)")
        }
        return row
    }
}
