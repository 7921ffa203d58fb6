import ArgumentParser
import Experiments
import Foundation

/// A sweep's aggregate from its members' output files: what the local executor runs after the
/// members and the Slurm executor submits after the array.
struct Aggregate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Pool a sweep's finished members into RESULTS_DIR/aggregate/: mean ± σ and 95 % t intervals per grid point.",
        discussion: """
            Reads only RESULTS_DIR/sweep.json and the members' folders, so members may have run on other \
            machines. Unfinished members are left out (aggregate/members.csv says which); with none \
            finished it exits 1. docs/sweeps.md has the formulas.
            """)

    @Argument(help: "The sweep's folder (results/<spec name>, or the run's --out).")
    var folder: String

    func run() throws {
        try withExitStatus {
            let outcome = try SweepAggregate.write(SweepFolder(URL(fileURLWithPath: folder)))
            for file in outcome.files { print(folder + "/" + file) }
            let missing = outcome.missing.isEmpty ? "" : "; not finished, left out: " + outcome.missing.joined(separator: ", ")
            FileHandle.standardError.write(Data("pooled \(outcome.pooled.count) member\(outcome.pooled.count == 1 ? "" : "s")\(missing)\n".utf8))
        }
    }
}
