import ArgumentParser

@main
struct Driftlab: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "driftlab",
        abstract: "Reproducible explainability experiments: train, snapshot, attribute, measure drift.",
        discussion: ExitStatus.table,
        version: SourceCheckout.versionLine,
        subcommands: [Run.self, Status.self, Aggregate.self, Analyse.self, Verify.self, Validate.self, Show.self, List.self, Compare.self, Attribute.self, Bench.self, FiguresDemo.self])
}
