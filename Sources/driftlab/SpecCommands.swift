import ArgumentParser
import Experiments
import Foundation

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Check specs without running them; exit 2 if any is invalid.")

    @Argument(help: "Spec files.")
    var specs: [String]

    @Option(name: .customLong("set"), help: "Override a field, e.g. --set training.epochs=3 (repeatable).")
    var overrides: [String] = []

    func run() throws {
        var failed = false
        for path in specs {
            do {
                let spec = try ExperimentSpec.load(URL(fileURLWithPath: path), overrides: overrides)
                print("ok    \(path)  (\(spec.name))")
            } catch let error as SpecError {
                failed = true
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            }
        }
        if failed { throw ExitCode(2) }
    }
}

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the specs under experiments/: name, description, data needed, rough cost.")

    @Option(help: "Folder to list.")
    var folder = "experiments"

    func run() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".json") }.sorted()
        var rows: [[String]] = [["spec", "description", "needs", "cost"]]
        for name in names {
            let path = folder + "/" + name
            do {
                let spec = try ExperimentSpec.load(URL(fileURLWithPath: path))
                rows.append([path, spec.description, spec.data.needs, spec.cost])
            } catch {
                rows.append([path, "INVALID: \(error)", "", ""])
            }
        }
        let widths = (0..<4).map { i in rows.map { $0[i].count }.max()! }
        for row in rows {
            print(row.enumerated().map { i, cell in
                i == 3 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0)
            }.joined(separator: "  "))
        }
    }
}
