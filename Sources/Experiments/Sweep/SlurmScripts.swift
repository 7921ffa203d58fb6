import Foundation

/// The two sbatch scripts of a submission (docs/sweeps.md): `slurm/members.sbatch`, a job
/// array with one task per member not finished at submission, each task a plain `driftlab
/// run` of the member's spec file into its folder; and `slurm/aggregate.sbatch`, submitted to
/// start after every task succeeded (afterok). Every path is absolute: the tasks run on other
/// nodes, from another working folder, over the shared file system.
struct SlurmScripts {
    /// The sweep folder, absolute.
    let root: String
    let name: String
    /// The members the array runs, task i running members[i].
    let members: [String]
    let options: SlurmOptions
    /// The driftlab binary the tasks run, absolute.
    let driftlab: String

    static let membersScript = "slurm/members.sbatch"
    static let aggregateScript = "slurm/aggregate.sbatch"

    /// Cores per member unless the options say: also the member's --threads.
    var threads: Int { options.cpusPerTask ?? 2 }

    var membersText: String {
        header(jobName: name, cpus: threads, extra: ["--array=0-\(members.count - 1)", "--output=\(root)/slurm/logs/%A_%a.out"])
            + """
            # Task i runs member i of this list (the members not finished when it was submitted).
            members=(\(members.map { "'\($0)'" }.joined(separator: " ")))
            member=${members[$SLURM_ARRAY_TASK_ID]}
            exec '\(driftlab)' run '\(root)/specs/'"$member"'.json' --out '\(root)/members/'"$member" --threads \(threads) --quiet

            """
    }

    var aggregateText: String {
        header(jobName: name + "-aggregate", cpus: 1, extra: ["--output=\(root)/slurm/logs/aggregate-%j.out"])
            + """
            # Pools the members' tables and curves into aggregate/ (only their output files are read).
            exec '\(driftlab)' aggregate '\(root)'

            """
    }

    /// The #SBATCH lines both scripts share, then the options' own lines.
    func header(jobName: String, cpus: Int, extra: [String]) -> String {
        var lines = ["#!/bin/bash", "# Written by driftlab for the sweep in \(root); resubmitting runs only unfinished members.",
                     "#SBATCH --job-name=\(jobName)", "#SBATCH --cpus-per-task=\(cpus)"]
        lines += extra.map { "#SBATCH " + $0 }
        if let partition = options.partition { lines.append("#SBATCH --partition=\(partition)") }
        if let time = options.time { lines.append("#SBATCH --time=\(time)") }
        if let memory = options.memory { lines.append("#SBATCH --mem=\(memory)") }
        lines += options.extraLines.map { $0.hasPrefix("#SBATCH") ? $0 : "#SBATCH " + $0 }
        return (lines + ["set -euo pipefail", ""]).joined(separator: "\n")
    }
}
