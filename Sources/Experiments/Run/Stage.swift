import Foundation

/// One step of a run: reads what earlier stages wrote in the run directory, writes its own
/// files, and returns their run-relative paths for the manifest.
public protocol Stage {
    var name: String { get }
    func run(_ context: RunContext) throws -> [String]
}

/// Everything a stage may use.
public struct RunContext {
    public let spec: ExperimentSpec
    public let directory: RunDirectory
    public let progress: ProgressHandler
}
