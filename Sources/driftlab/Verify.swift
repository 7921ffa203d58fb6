import ArgumentParser
import Experiments
import Foundation
import Tensors

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Re-run a results folder's spec and check that every output comes back bit for bit.",
        discussion: """
            Reads RUN_DIR/spec.resolved.json and RUN_DIR/manifest.json, runs the spec again in a scratch \
            folder (as driftlab run would), and compares every file the manifest lists by sha256. For files \
            that differ it says how: .npy arrays by max absolute and relative difference and the count of \
            differing elements, checkpoints per tensor (and the first epoch that differs), CSV tables cell \
            by cell, other files just "differs". Run it from the folder `run` was run from: data paths in \
            the spec are relative to it.

            Exit status: 0 reproduced bit for bit, 1 something differs, 2 could not verify (not a run \
            folder, no or unreadable manifest or spec, unfinished run, or the re-run failed).
            """)

    @Argument(help: "The run folder (results/<spec name>).")
    var runDir: String

    @Option(help: "Put the re-run in a fresh folder inside this one (default: next to RUN_DIR).")
    var scratch: String?

    @Flag(help: "Keep the re-run's folder instead of removing it.")
    var keep = false

    @Option(help: "Threads for the re-run (it need not match the recorded run's).")
    var threads: Int = 2

    func run() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be ≥ 1, got \(threads)") }
        Threads.set(threads)
        let environment = RunEnvironment(version: SourceCheckout.version, gitCommit: SourceCheckout.commit(), threads: threads)
        let report: VerificationReport
        do {
            report = try Verification.run(URL(fileURLWithPath: runDir), scratch: scratch.map { URL(fileURLWithPath: $0) }, keep: keep,
                                          environment: environment, progress: ProgressReporter(quiet: false, verbose: false).report)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(2)
        }
        print(report.text, terminator: "")
        if !report.reproduced { throw ExitCode(1) }
    }
}
