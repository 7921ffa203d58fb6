import ArgumentParser
import Experiments
import Foundation
import Tensors

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a spec: data, training with snapshots, attribution, metrics, tables, figures.",
        discussion: """
            Rerunning a finished spec does nothing; an interrupted one resumes from its newest intact snapshot. \
            A folder resumes on another CPU model, thread count or GEMM kernel (manifest.json's numericHistory \
            lists them), but not under another numeric contract, architecture, required CPU features or \
            compiler: that is refused (exit 1) unless --force. --force replaces only a driftlab run folder \
            (one with a manifest.json), removing only the files driftlab wrote; another non-empty folder \
            is refused. Two runs into one folder at once are refused too (exit 1). A spec error or a \
            damaged input file (spec, .npy, checkpoint, dataset) exits 2. `driftlab verify RUN_DIR` \
            re-runs a finished folder and compares its outputs.

            A spec with a "sweep" section, or --sweep, runs every member of the grid (docs/sweeps.md): \
            each an ordinary run in OUT/members/<member>/, finished members skipped, then OUT/aggregate/ \
            (mean ± σ and 95 % t intervals over seeds). Every member is checked before any starts; a bad \
            sweep key or value exits 2 naming it (sweep.training.optimizer.lr[1]). --executor slurm submits \
            the unfinished members as a job array and the aggregate after it; `driftlab status OUT` says \
            where each member stands.
            """)

    @OptionGroup var arguments: SpecArguments
    @OptionGroup var options: RunOptions
    @OptionGroup var sweep: SweepOptions

    func run() throws {
        try withExitStatus {
            let document = try arguments.document()
            if let plan = try SweepPlan.read(document, commandLine: try sweep.axes()) {
                return try sweep.run(plan, out: options.out, threads: options.threads,
                                     reporter: ProgressReporter(quiet: options.quiet, verbose: options.verbose))
            }
            if let used = sweep.sweepOnlyOption {
                throw ValidationError("\(used) applies to a sweep; this spec has no \"sweep\" section and no --sweep was given")
            }
            try options.execute(try ExperimentSpec(SweepPlan.baseDocument(document).reader))
        }
    }
}

/// What `run` and `analyse` share once the spec is read: the folder, threads, --force and how
/// much stderr shows.
struct RunOptions: ParsableArguments {
    @Option(help: "Run folder (default results/<spec name>).")
    var out: String?

    @Option(help: "Threads for driftlab's loops and GEMM (results do not depend on it).")
    var threads: Int = 2

    @Flag(help: "Replace an existing driftlab run of a different spec or numeric contract (only driftlab's files are removed).")
    var force = false

    @Flag(help: "Only errors and the closing line on stderr (RUN_DIR/run.log still records everything).")
    var quiet = false

    @Flag(help: "Batch progress on stderr every few seconds even when it is not a terminal.")
    var verbose = false

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be ≥ 1, got \(threads)") }
    }

    /// Runs the spec's stages in its folder (resuming or skipping what is done) and says how it ended.
    func execute(_ experiment: ExperimentSpec) throws {
        Threads.set(threads)
        let folder = URL(fileURLWithPath: out ?? "results/\(experiment.name)")
        let environment = RunEnvironment(version: SourceCheckout.version, gitCommit: SourceCheckout.commit(), threads: threads)
        let runner = Runner(spec: experiment, directory: RunDirectory(folder), environment: environment,
                            stages: try experiment.stages())
        let reporter = ProgressReporter(quiet: quiet, verbose: verbose)
        switch try runner.run(force: force, progress: reporter.report) {
        case .alreadyComplete:
            FileHandle.standardError.write(Data("\(folder.relativePath): already complete, nothing to do (use --force to rerun)\n".utf8))
        case .ran(let stages):
            FileHandle.standardError.write(Data("\(folder.relativePath): done (\(stages.joined(separator: ", ")))\n".utf8))
        }
    }
}

/// Progress on stderr: a self-rewriting line on a terminal (batches within the epoch and the
/// steps of other long loops too), one line per epoch otherwise plus that progress at most once
/// a minute (every 5 s with --verbose); nothing with --quiet. RUN_DIR/run.log keeps its own record.
final class ProgressReporter {
    let terminal = isatty(2) == 1
    let quiet: Bool, verbose: Bool
    private var lastProgress = Date.distantPast
    /// A terminal line is being rewritten in place: the next full line first clears it.
    private var rewriting = false

    init(quiet: Bool, verbose: Bool) {
        self.quiet = quiet
        self.verbose = verbose
    }

    func report(_ event: ProgressEvent) {
        if quiet { return }
        switch event {
        case .batch(let b):
            progress("  epoch \(b.epoch)/\(b.epochs)  batch \(b.batch)/\(b.batches)  \(Int(b.samplesPerSecond)) samples/s  "
                     + "\(ProgressDuration.text(b.secondsLeftInEpoch)) left in the epoch")
        case .work(let w):
            progress("  \(w.what) \(w.done)/\(w.total)  \(ProgressDuration.text(w.secondsLeft)) left")
        case .stageStarted(let name): line("[\(name)] started")
        case .stageSkipped(let name): line("[\(name)] already done")
        case .stageFinished(let name, let seconds): line("[\(name)] finished in \(ProgressDuration.text(seconds))")
        case .note(let text): line("  \(text)")
        case .epoch(let e):
            var text = "  epoch \(e.epoch)/\(e.epochs)  loss \(String(format: "%.4f", e.trainLoss))"
            if let v = e.validationLoss { text += "  val \(String(format: "%.4f", v))" }
            text += "  \(Int(e.samplesPerSecond)) samples/s  \(ProgressDuration.text(e.secondsLeft)) left"
            if terminal && e.epoch < e.epochs { rewrite(text) } else { line(text) }
        }
    }

    /// Rate-limited progress: rewritten in place on a terminal, a line a minute (5 s with --verbose) otherwise.
    func progress(_ text: String) {
        let every: TimeInterval = terminal ? 0.25 : verbose ? 5 : 60
        guard Date().timeIntervalSince(lastProgress) >= every else { return }
        lastProgress = Date()
        if terminal { rewrite(text) } else { line(text) }
    }

    func rewrite(_ text: String) {
        FileHandle.standardError.write(Data(("\r" + text + "\u{1B}[K").utf8))
        rewriting = true
    }

    func line(_ text: String) {
        FileHandle.standardError.write(Data(((rewriting ? "\r\u{1B}[K" : "") + text + "\n").utf8))
        rewriting = false
    }
}
