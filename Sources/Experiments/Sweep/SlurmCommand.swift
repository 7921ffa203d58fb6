import Foundation

/// Runs one of Slurm's command-line tools (sbatch, squeue) found on PATH and returns what it
/// printed; driftlab talks to the cluster only through them.
enum SlurmCommand {
    struct Result {
        let status: Int32
        let output: String
        let errors: String
    }

    /// The tool's path on PATH, nil when Slurm's tools are not installed here.
    static func find(_ name: String) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let url = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return nil
    }

    static func run(_ name: String, _ arguments: [String]) throws -> Result {
        guard let tool = find(name) else {
            throw SweepError.slurm("\(name) is not on PATH: the Slurm executor submits with Slurm's own tools (install slurm-client, "
                                   + "or run on a login node of the cluster)")
        }
        let process = Process()
        process.executableURL = tool
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both before waiting: a full pipe would block the tool forever.
        let errors = Collected()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { errors.data = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let output = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: String(decoding: output, as: UTF8.self),
                      errors: String(decoding: errors.data, as: UTF8.self))
    }

    /// stderr as read on another thread; the group's wait orders the write before the read.
    final class Collected: @unchecked Sendable { var data = Data() }
}
