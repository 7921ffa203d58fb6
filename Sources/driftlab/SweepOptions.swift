import ArgumentParser
import Experiments
import Foundation
import Tensors

/// `run`'s sweep options: the grid from the command line and where its members run. Each
/// executor option overrides the spec's "executor" section.
struct SweepOptions: ParsableArguments {
    @Option(name: .customLong("sweep"), help: ArgumentHelp(
        "Sweep a key: seed=0..9 (both ends included), training.optimizer.lr=0.01,0.05, or a JSON list (repeatable; a grid).",
        valueName: "key=values"))
    var sweeps: [String] = []

    @Option(help: "Where a sweep's members run: local (default) or slurm (a job array, then the aggregate).")
    var executor: ExecutorKind?

    @Option(help: "Local executor: members at a time, as child processes, the --threads divided between them (default 1).")
    var jobs: Int?

    @Option(help: "Slurm: the partition.")
    var partition: String?

    @Option(help: "Slurm: time limit per member, as sbatch's --time takes it (01:00:00).")
    var time: String?

    @Option(help: "Slurm: cores per member, also its --threads (default 2).")
    var cpusPerTask: Int?

    @Option(help: "Slurm: memory per member, as sbatch's --mem takes it (4G).")
    var mem: String?

    @Option(help: ArgumentHelp("Slurm: one more #SBATCH line, e.g. --sbatch=--account=lab (repeatable).", valueName: "line"))
    var sbatch: [String] = []

    @Option(help: "Slurm: the driftlab binary the tasks run, absolute (default: this one).")
    var driftlab: String?

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be ≥ 1, got \(jobs)") }
        if let cpusPerTask, cpusPerTask < 1 { throw ValidationError("--cpus-per-task must be ≥ 1, got \(cpusPerTask)") }
    }

    func axes() throws -> [SweepAxis] { try sweeps.map(SweepAxis.init(commandLine:)) }

    /// An option given that only a sweep reads, for the refusal of a plain run.
    var sweepOnlyOption: String? {
        executor != nil ? "--executor" : jobs != nil ? "--jobs" : partition != nil ? "--partition" : time != nil ? "--time"
            : cpusPerTask != nil ? "--cpus-per-task" : mem != nil ? "--mem" : !sbatch.isEmpty ? "--sbatch" : driftlab != nil ? "--driftlab" : nil
    }

    var slurmOptions: SlurmOptions {
        var options = SlurmOptions()
        options.partition = partition
        options.time = time
        options.cpusPerTask = cpusPerTask
        options.memory = mem
        options.extraLines = sbatch
        options.driftlab = driftlab
        return options
    }

    /// Runs or submits `plan` into `out` (default results/<name>).
    func run(_ plan: SweepPlan, out: String?, threads: Int, reporter: ProgressReporter) throws {
        let folder = SweepFolder(URL(fileURLWithPath: out ?? "results/\(plan.name)"))
        let options = plan.executor.slurm.overridden(by: slurmOptions)
        try options.check(file: "command line", path: "")
        let binary = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
        let label = folder.root.root.relativePath
        switch executor ?? plan.executor.kind {
        case .slurm:
            try folder.prepare(plan)
            let jobs = try SlurmSubmission(folder: folder, options: options, driftlab: binary.standardizedFileURL.path).submit()
            if let array = jobs.array {
                print("submitted \(jobs.members.count) member\(jobs.members.count == 1 ? "" : "s") as job array \(array) "
                      + "(\(jobs.members.joined(separator: ", ")))")
            } else {
                print("every member had finished: nothing to run")
            }
            print("submitted the aggregate as job \(jobs.aggregate)" + (jobs.array.map { " (after \($0) succeeds)" } ?? ""))
            print("follow it with: driftlab status \(label)")
        case .local:
            Threads.set(threads)
            let environment = RunEnvironment(version: SourceCheckout.version, gitCommit: SourceCheckout.commit(), threads: threads)
            let sweep = LocalSweep(plan: plan, folder: folder, environment: environment, jobs: jobs ?? plan.executor.jobs, executable: binary)
            let say: (String) -> Void = { if !reporter.quiet { reporter.line($0) } }
            let outcome = try sweep.run { event in
                switch event {
                case .memberSkipped(let name): say("\(name): finished before, skipped")
                case let .memberStarted(name, position, count): say("== \(name) (\(position)/\(count))")
                case .member(_, let progress): reporter.report(progress)
                case .memberFinished(let name): say("\(name): done")
                case let .memberFailed(name, error): FileHandle.standardError.write(Data("\(name): failed: \(error)\n".utf8))
                }
            }
            let summary = "\(label): \(plan.members.count) members finished, aggregate in \(label)/aggregate (\(outcome.files.count) files)\n"
            FileHandle.standardError.write(Data(summary.utf8))
        }
    }
}

extension ExecutorKind: ExpressibleByArgument {}
