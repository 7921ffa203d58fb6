import ArgumentParser

@main
struct Driftlab: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "driftlab",
        abstract: "Reproducible explainability experiments: train, snapshot, attribute, measure drift.",
        subcommands: [Bench.self, FiguresDemo.self])
}
