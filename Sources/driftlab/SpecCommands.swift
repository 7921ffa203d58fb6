import ArgumentParser
import Experiments
import Foundation
import Tensors

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Check specs without running them; exit 2 if any is invalid.")

    @Argument(help: "Spec files, then overrides as key=value (Hydra style) for all of them.")
    var specs: [String]

    @Option(name: .customLong("set"), help: "Override a field, e.g. --set training.epochs=3 (repeatable).")
    var overrides: [String] = []

    func run() throws {
        var failed = false
        // An argument holding "=" that is not a file is an override (Hydra style).
        let files = specs.filter { !$0.contains("=") || FileManager.default.fileExists(atPath: $0) }
        let all = overrides + specs.filter { !files.contains($0) }
        for path in files {
            do {
                // A sweep's spec is valid when every member is.
                var document = try SpecDocument.load(URL(fileURLWithPath: path))
                for assignment in all { try document.set(assignment) }
                let spec = try ExperimentSpec(SweepPlan.baseDocument(document).reader)
                let members = try SweepPlan.read(document)?.members.count
                print("ok    \(path)  (\(spec.name), study \(spec.study.name)\(members.map { ", a sweep of \($0) members" } ?? ""))")
            } catch let error as SpecError {
                failed = true
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            }
        }
        if failed { throw ExitCode(2) }
    }
}

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the specs under experiments/: study, rough cost, description, data needed (100 columns).")

    @Option(help: "Folder to list.")
    var folder = "experiments"

    func run() throws {
        let names = try withExitStatus { try List.specNames(in: folder) }
        let width = names.map(\.count).max() ?? 0
        for name in names {
            let path = folder + "/" + name
            do {
                let spec = try ExperimentSpec.load(URL(fileURLWithPath: path))
                print(name.padding(toLength: width, withPad: " ", startingAt: 0) + "  study " + spec.study.name)
                let text = spec.description + ". Needs " + spec.data.needs + ". Cost: " + spec.cost + "."
                for line in List.wrap(text, width: 96) { print("    " + line) }
            } catch {
                print(name)
                for line in List.wrap("INVALID: \(error)", width: 96) { print("    " + line) }
            }
        }
    }

    /// The `.json` files in `folder`, sorted; a folder that cannot be listed is an input error
    /// naming it (Foundation's own says "The file “x” couldn’t be opened…" or worse on Linux).
    static func specNames(in folder: String) throws -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".json") }.sorted()
        } catch {
            var isFolder: ObjCBool = false
            let problem = !FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) ? "no such folder"
                : !isFolder.boolValue ? "is a file, not a folder" : "cannot list the folder (permission denied?)"
            throw FileContents.ReadError(file: folder, problem: problem)
        }
    }

    /// Words joined into lines of at most `width` characters (a longer word gets a line of its own).
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = [], line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty && line.count + 1 + word.count > width { lines.append(line); line = "" }
            line += (line.isEmpty ? "" : " ") + word
        }
        return line.isEmpty ? lines : lines + [line]
    }
}
