import Foundation
import XCTest
import Experiments

/// `make test`'s replay of the fuzzing corpus without the fuzzer: every seed (`Fuzz/corpus/`)
/// and every input a fuzzer ever crashed on (`Fuzz/regressions/`, kept after the reader was
/// fixed) goes through the reader it was found on. Each must read or throw; a trap kills the
/// test process, which fails the suite. The seeds are real files, so each reader must also
/// read at least one of them: otherwise the fuzzer was feeding it bytes it never got to parse.
final class InputReaderCorpusTests: XCTestCase {
    static let fuzz = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fuzz")

    func inputs(_ kind: String, _ reader: InputReader) throws -> [URL] {
        let folder = Self.fuzz.appendingPathComponent(kind).appendingPathComponent(reader.rawValue)
        guard FileManager.default.fileExists(atPath: folder.path) else { return [] }
        return try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { !$0.lastPathComponent.hasPrefix(".") }.sorted { $0.path < $1.path }
    }

    func testEverySeedAndRegressionInputReadsOrThrows() throws {
        for reader in InputReader.allCases {
            let seeds = try inputs("corpus", reader)
            XCTAssertFalse(seeds.isEmpty, "no seed in Fuzz/corpus/\(reader.rawValue)")
            var valid = 0
            for input in seeds + (try inputs("regressions", reader)) {
                let folder = FileManager.default.temporaryDirectory.appendingPathComponent("replay-\(UUID().uuidString)")
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(at: folder) }
                do {
                    try reader.read(try Data(contentsOf: input), in: folder)
                    if seeds.contains(input) { valid += 1 }
                } catch {
                    XCTAssertFalse("\(error)".isEmpty, "\(input.lastPathComponent): an error without a message")
                }
            }
            XCTAssertGreaterThan(valid, 0, "\(reader.rawValue): no seed in Fuzz/corpus/\(reader.rawValue) reads")
        }
    }
}
