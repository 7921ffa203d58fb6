import Foundation
import XCTest
import Tensors
@testable import Experiments

/// Paper 001's whole pipeline on tiny IDX files in Fashion-MNIST's published format, and the
/// numbers its tables are made of recomputed from the arrays it wrote.
final class InvariantPerturbationPipelineTests: XCTestCase {
    var root: URL!
    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("invariance-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("data"), withIntermediateDirectories: true)
    }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: root) }

    func testRunsEveryStageAndItsTablesAgreeWithItsArrays() throws {
        try TinyIDX.write("train", count: 80, in: root.appendingPathComponent("data"))
        try TinyIDX.write("t10k", count: 40, in: root.appendingPathComponent("data"))
        let text = """
            {"name": "tiny-invariance", "study": "invariant-perturbation",
             "data": {"kind": "fashion-mnist", "directory": "\(root.path)/data", "validationSize": 20, "normalize": false},
             "model": {"kind": "mnist-cnn"},
             "training": {"epochs": 3, "batchSize": 20, "optimizer": {"kind": "sgd", "lr": 0.05, "momentum": 0.9}},
             "invariance": {"images": 3, "trials": 6, "objectThreshold": 0.5},
             "attribution": [{"method": "invariant-perturbation", "samples": 2, "steps": 6, "learningRate": 0.1, "outputs": "logits"},
                             {"method": "saliency"}, {"method": "deep-taylor"}]}
            """
        let spec = try ExperimentSpec(SpecReader(try JSONValue.parse(Data(text.utf8)), file: "t.json"))
        let dir = RunDirectory(root.appendingPathComponent("run"))
        let outcome = try Runner(spec: spec, directory: dir, environment: RunEnvironment(version: "test", gitCommit: nil, threads: 2),
                                 stages: try spec.stages()).run(force: false) { _ in }
        XCTAssertEqual(outcome, .ran(["data", "train", "explain", "invariance", "tables", "figures"]))
        for path in ["explain/samples.csv", "explain/optimization.csv", "explain/saliency.npy", "explain/deep-taylor.npy",
                     "invariance/per-image.csv", "tables/invariance.md", "tables/object-means.csv", "figures/fig6-maps-1.png"] {
            XCTAssertTrue(dir.exists(path), path)
        }
        let samples = try InvariantPerturbationArtifacts.samples.read(in: dir)
        let n = samples.count
        XCTAssertGreaterThan(n, 0)
        for i in 0..<n { XCTAssertEqual(try samples.int(i, "label"), try samples.int(i, "predicted"), "only correctly classified images") }
        let inputs = try InvariantPerturbationArtifacts.inputs(images: n).read(in: dir)
        let w = try InvariantPerturbationArtifacts.maps(method: "invariant-perturbation", images: n).read(in: dir)
        XCTAssertEqual(w.shape.dims, [n, 1, 28, 28])
        XCTAssertTrue(w.array.allSatisfy { $0 >= 0 && $0 <= 1 })

        // Learned and uniform noise carry the same budget Σ w, the one of the map.
        let check = try InvariantPerturbationArtifacts.invariance.read(in: dir)
        XCTAssertEqual(check.count, 4 * n)
        for r in 0..<check.count {
            let item = r / 4
            let total = w.items(item..<item + 1).sum()
            XCTAssertEqual(try check.double(r, "total_amplitude"), total, accuracy: 1e-6 * max(total, 1))
            XCTAssertLessThanOrEqual(try check.int(r, "kept"), 6)
        }

        // The "all" row of the object table, recomputed: mean w where the pixel is above 0.5.
        var (inside, insideCount, outside, outsideCount) = (0.0, 0, 0.0, 0)
        for i in 0..<(n * 784) {
            if inputs.data[i] > 0.5 { inside += Double(w.data[i]); insideCount += 1 } else { outside += Double(w.data[i]); outsideCount += 1 }
        }
        let objects = try CSVRows(try dir.read("tables/object-means.csv"), file: "object-means.csv")
        let all = try XCTUnwrap((0..<objects.count).first { (try? objects.string($0, "class")) == "all" })
        XCTAssertEqual(try objects.int(all, "pixels inside"), insideCount)
        XCTAssertEqual(try objects.double(all, "mean w inside"), inside / Double(insideCount), accuracy: 5e-4)
        XCTAssertEqual(try objects.double(all, "mean w outside"), outside / Double(outsideCount), accuracy: 5e-4)
    }

    func testChoosesCorrectImagesClassByClassInTurn() {
        // rows:        0  1  2  3  4  5  6
        let labels =    [0, 1, 0, 2, 1, 0, 2]
        let predicted = [0, 1, 1, 2, 1, 0, 0]
        XCTAssertEqual(ExplainStage.choose(predicted: predicted, labels: labels, classes: 3, count: 4), [0, 1, 3, 5])
        XCTAssertEqual(ExplainStage.choose(predicted: predicted, labels: labels, classes: 3, count: 10), [0, 1, 3, 5, 4])
        XCTAssertEqual(ExplainStage.choose(predicted: [1, 1], labels: [0, 0], classes: 2, count: 3), [])
    }
}
