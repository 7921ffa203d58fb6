import Foundation
import XCTest
import Tensors
@testable import Experiments

/// The golden runs: two specs of seconds each (`experiments/golden/`) whose every output's
/// sha256 is committed beside them. They pin the whole numeric core — a change that moves one
/// bit of any result fails here, and must update `<name>.outputs.json` in the same commit with
/// a line in `experiments/golden/HISTORY.md` saying why (`make golden-update` rewrites them).
final class GoldenRunTests: XCTestCase {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let folder = packageRoot.appendingPathComponent("experiments/golden")

    private var kernel = GEMMKernel.active
    override func setUp() { kernel = GEMMKernel.active }
    override func tearDown() {
        Threads.set(2)
        GEMMKernel.active = kernel
    }

    /// Runs the golden spec `name` in a fresh folder (from the package root, so the spec's
    /// relative data paths resolve as they do for `driftlab run`); returns path → sha256 of
    /// every output, the resolved spec included.
    func outputs(of name: String, threads: Int) throws -> [String: String] {
        Threads.set(threads)
        let previous = FileManager.default.currentDirectoryPath
        FileManager.default.changeCurrentDirectoryPath(Self.packageRoot.path)
        defer { FileManager.default.changeCurrentDirectoryPath(previous) }
        let spec = try ExperimentSpec.load(Self.folder.appendingPathComponent("\(name).json"), overrides: [])
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("golden-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let directory = RunDirectory(root)
        _ = try Runner(spec: spec, directory: directory, environment: RunEnvironment(version: "test", gitCommit: nil, threads: threads),
                       stages: try spec.stages()).run(force: false) { _ in }
        var hashes = try JSONDecoder().decode(Manifest.self, from: try directory.read("manifest.json")).outputs
        hashes["spec.resolved.json"] = try SHA256.hex(file: root.appendingPathComponent("spec.resolved.json"))
        return hashes
    }

    func golden(_ name: String) throws -> [String: String] {
        let url = Self.folder.appendingPathComponent("\(name).outputs.json")
        return try JSONDecoder().decode([String: String].self, from: Data(contentsOf: url))
    }

    func assertGolden(_ name: String, threads: Int, _ what: String) throws {
        let expected = try golden(name), actual = try outputs(of: name, threads: threads)
        let differing = Set(expected.keys).union(actual.keys).filter { expected[$0] != actual[$0] }.sorted()
        XCTAssert(differing.isEmpty, "\(name) (\(what)): \(differing.count) of \(expected.count) files differ from "
                  + "the golden hashes: \(differing.prefix(8)). If the change is meant, run `make golden-update` "
                  + "and say why in experiments/golden/HISTORY.md.")
    }

    /// Every GEMM kernel this CPU has, and 1, 2 and 3 threads, give the committed bytes.
    func testARStatesGoldenRunOnEveryKernelAndThreadCount() throws {
        for kernel in GEMMKernel.available {
            GEMMKernel.active = kernel
            try assertGolden("ar-states-golden", threads: 2, "kernel \(kernel.rawValue), 2 threads")
        }
        GEMMKernel.active = kernel
        for threads in [1, 3] { try assertGolden("ar-states-golden", threads: threads, "\(threads) threads") }
    }

    /// Real Fashion-MNIST (installed by `make data`; skipped without it except under CI).
    func testFashionMNISTGoldenRunWithTheVectorAndThePortableKernel() throws {
        let data = Self.packageRoot.appendingPathComponent("data/fashion-mnist")
        if (try? FileManager.default.contentsOfDirectory(atPath: data.path))?.isEmpty ?? true {
            if ProcessInfo.processInfo.environment["CI"] != nil { XCTFail("Fashion-MNIST missing under CI"); return }
            throw XCTSkip("Fashion-MNIST not in \(data.path); `make data` puts it there")
        }
        try assertGolden("fashion-mnist-golden", threads: 2, "kernel \(GEMMKernel.active.rawValue), 2 threads")
        GEMMKernel.active = .portable
        try assertGolden("fashion-mnist-golden", threads: 3, "portable kernel, 3 threads")
    }
}
