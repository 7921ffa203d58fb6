import ArgumentParser
import Figures
import Foundation

struct FiguresDemo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "figures-demo",
        abstract: "Write one example of every figure kind (charts, heatmaps, image grids, raw maps).")

    @Option(help: "Folder for the figures.")
    var out: String = "results/figures-demo"

    func run() throws {
        for url in try Gallery.write(to: URL(fileURLWithPath: out)) { print(url.path) }
    }
}
