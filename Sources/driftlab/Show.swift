import ArgumentParser
import Experiments
import Foundation

/// Hydra's `--cfg job`: the spec as `run` would read it, every default filled in.
struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the resolved spec (every default filled in): what spec.resolved.json of a run will hold.")

    @Argument(help: "The spec file (JSON).")
    var spec: String

    @Argument(help: "Overrides as key=value, like --set (Hydra style): training.epochs=3 attribution[1].window=10.")
    var assignments: [String] = []

    @Option(name: .customLong("set"), help: "Override a field, e.g. --set training.epochs=3 (repeatable).")
    var overrides: [String] = []

    func run() throws {
        let all = try Overrides.merge(overrides, assignments)
        try withExitStatus {
            let resolved = try ExperimentSpec.load(URL(fileURLWithPath: spec), overrides: all)
            FileHandle.standardOutput.write(resolved.resolvedJSON)
            FileHandle.standardOutput.write(Data("\n".utf8))
        }
    }
}

/// `--set a=b` and bare `a=b` arguments: the same assignments, the `--set` ones first.
enum Overrides {
    static func merge(_ set: [String], _ bare: [String]) throws -> [String] {
        if let bad = bare.first(where: { !$0.contains("=") }) {
            throw ValidationError("'\(bad)' is not an override: write key=value, e.g. training.epochs=3 (one spec file per command)")
        }
        return set + bare
    }
}
