import ArgumentParser
import Experiments
import Foundation
import Tensors

/// driftlab's exit statuses, one meaning each so scripts can tell "fix your input" from "the
/// run was refused or failed". README's command-line section and `driftlab --help` list them.
enum ExitStatus {
    /// The command did what was asked (a finished run that had nothing to do included).
    static let success: Int32 = 0
    /// A run refused or failed: another spec or numeric contract in the folder, a run already
    /// in progress there, a non-empty folder that is not a run, training diverged; for `verify`,
    /// an output that differs.
    static let failure: Int32 = 1
    /// Bad input: an invalid spec, or a spec, `.npy`, checkpoint or dataset file that cannot
    /// be read or is damaged; for `verify`, a folder that cannot be verified.
    static let badInput: Int32 = 2
    /// A usage error found by the argument parser: unknown option, missing or malformed argument.
    static let usage: Int32 = ExitCode.validationFailure.rawValue

    static let table = """
        Exit status:
          0   done (or nothing to do)
          1   run refused or failed: another spec or numeric contract in the folder (without --force), \
        a run already in progress there, a non-empty folder that is not a run, training diverged; \
        verify: outputs differ
          2   bad input: invalid spec, unreadable or damaged spec, .npy, checkpoint or dataset file; \
        verify: cannot verify
          64  usage error (unknown option, missing or malformed argument)
        """
}

/// Whether `error` is about an input file (exit 2) rather than about the run (exit 1).
func isBadInput(_ error: Error) -> Bool {
    error is SpecError || error is InputFileError
}

/// Prints `error` and turns it into its exit status. Errors of the argument parser itself
/// (usage, `ExitCode`) pass through, so it prints usage and exits 64 as it always does.
func exitStatus(for error: Error) -> Error {
    if error is ExitCode || error is ValidationError { return error }
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    return ExitCode(isBadInput(error) ? ExitStatus.badInput : ExitStatus.failure)
}

/// Runs a command's body with every error mapped by `exitStatus(for:)`.
func withExitStatus<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch { throw exitStatus(for: error) }
}
