import ArgumentParser
import Experiments
import Foundation

/// Hydra's `--cfg job`: the spec as `run` would read it, every default filled in.
struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the resolved spec (every default filled in): what spec.resolved.json of a run will hold.")

    @OptionGroup var arguments: SpecArguments

    func run() throws {
        try withExitStatus {
            FileHandle.standardOutput.write(try arguments.load().resolvedJSON)
            FileHandle.standardOutput.write(Data("\n".utf8))
        }
    }
}

/// A spec file and its overrides, as `run` and `show` take them.
struct SpecArguments: ParsableArguments {
    @Argument(help: "The spec file (JSON).")
    var spec: String

    @OptionGroup var overrides: SpecOverrides

    func load() throws -> ExperimentSpec { try overrides.load(spec) }

    /// The spec as a document, overrides applied, before its sweep is read.
    func document() throws -> SpecDocument { try overrides.document(spec) }
}

/// Overrides of a spec's fields: `--set a=b` and bare `a=b` arguments are the same
/// assignments, the `--set` ones applied first.
struct SpecOverrides: ParsableArguments {
    @Argument(help: "Overrides as key=value, like --set (Hydra style): training.epochs=3 attribution[1].window=10.")
    var assignments: [String] = []

    @Option(name: .customLong("set"), help: "Override a field, e.g. --set training.epochs=3 (repeatable).")
    var overrides: [String] = []

    func validate() throws {
        if let bad = assignments.first(where: { !$0.contains("=") }) {
            throw ValidationError("'\(bad)' is not an override: write key=value, e.g. training.epochs=3 (one spec file per command)")
        }
    }

    /// The spec file with these overrides, then `extra` (assignments the command adds), applied.
    func load(_ spec: String, adding extra: [String] = []) throws -> ExperimentSpec {
        try ExperimentSpec.load(URL(fileURLWithPath: spec), overrides: overrides + assignments + extra)
    }

    /// The spec file as a document with these overrides applied, its sweep section still in.
    func document(_ spec: String) throws -> SpecDocument {
        var document = try SpecDocument.load(URL(fileURLWithPath: spec))
        for assignment in overrides + assignments { try document.set(assignment) }
        return document
    }
}
