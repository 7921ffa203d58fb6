import Foundation
import XCTest
@testable import Experiments

/// Paper 000 on PAMAP2 end to end on tiny synthetic PAMAP2-format files: the real loader,
/// leave one subject out, MLP, gradient and Time-Smoothgrad, per-activity metrics and Fig. 3.
/// The synthetic chest magnetometer x is linear in the hand magnetometer (weights 0.6, −0.4,
/// 0.3) plus weak ankle terms, so a hand magnetometer channel must come first.
final class PAMAP2PipelineTests: XCTestCase {
    let environment = RunEnvironment(version: "test", gitCommit: nil, threads: 2)

    func spec(_ data: String) throws -> ExperimentSpec {
        let text = """
            {"name": "pamap2-tiny", "study": "time-smoothgrad", "data": \(data), "model": {"kind": "mlp", "hidden": [32]},
             "training": {"epochs": 20, "batchSize": 32, "optimizer": {"kind": "adam", "lr": 0.003}},
             "attribution": [{"method": "gradient"}, {"method": "time-smoothgrad", "window": 20}],
             "metrics": ["regression"], "figures": ["training-curves", "activity-attribution"]}
            """
        return try ExperimentSpec(SpecReader(try JSONValue.parse(Data(text.utf8)), file: "t.json"))
    }

    func temporaryRun() -> RunDirectory {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("pamap2-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: root) }
        return RunDirectory(root)
    }

    func testSyntheticPAMAP2RanksAHandMagnetometerChannelFirst() throws {
        let spec = try spec(#"{"kind": "synthetic-pamap2", "subjects": [101, 102, 103, 104], "activities": 3, "seconds": 4}"#)
        let dir = temporaryRun()
        XCTAssertEqual(try Runner(spec: spec, directory: dir, environment: environment, stages: try spec.stages()).run(force: false) { _ in },
                       .ran(["data", "train", "attribute", "metrics", "tables", "figures"]))
        XCTAssertEqual(try dir.readArray("data/train-inputs.npy").shape.dims.dropFirst(), [26])
        let regression = try CSVRows(try dir.read("metrics/regression.csv"), file: "metrics/regression.csv")
        XCTAssertGreaterThan(try regression.double(0, "pearson"), 0.8)
        for path in ["figures/activity-attribution.png", "figures/activity-attribution-gradient.png", "figures/training-curves.png",
                     "tables/activity-attribution.csv", "tables/table1.md"] {
            XCTAssertTrue(dir.exists(path), path)
        }

        // tables/activity-attribution.csv: method, channel, activity, test_steps, mean_raw, mean_per_std.
        let lines = String(decoding: try dir.read("tables/activity-attribution.csv"), as: UTF8.self).split(separator: "\n").dropFirst()
        var perStd: [String: Double] = [:], raw: [String: [Double]] = [:]
        var activities: Set<Int> = []
        for line in lines {
            let f = line.split(separator: ",").map(String.init)
            guard f[0] == "time-smoothgrad" else { continue }
            activities.insert(Int(f[2])!)
            perStd[f[1], default: 0] += abs(Double(f[5])!)
            raw[f[1], default: []].append(Double(f[4])!)
        }
        XCTAssertEqual(activities, [0, 1, 2, 3], "transitions and the three activities are columns")
        let ranking = perStd.sorted { $0.value > $1.value }.map(\.key)
        XCTAssertTrue(ranking[0].hasPrefix("hand.mag."), "\(ranking.prefix(5))")
        XCTAssertEqual(Set(ranking.prefix(3)), ["hand.mag.x", "hand.mag.y", "hand.mag.z"], "\(ranking.prefix(5))")
        // On the raw scale (the σ_y/σ_x chain rule) the mean map is proportional to the hand
        // weights (0.6, −0.4, 0.3): 1/σ_x differs per channel, so a wrong scale would bend the
        // direction. The length is shrunk (about 0.8 here) because every channel's activity
        // offset also predicts the activity's mean target, so credit is shared.
        let means = ["hand.mag.x", "hand.mag.y", "hand.mag.z"].map { raw[$0]!.reduce(0, +) / Double(raw[$0]!.count) }
        let weights = [0.6, -0.4, 0.3]
        let cosine = zip(means, weights).reduce(0) { $0 + $1.0 * $1.1 }
            / (means.reduce(0) { $0 + $1 * $1 }.squareRoot() * weights.reduce(0) { $0 + $1 * $1 }.squareRoot())
        XCTAssertGreaterThan(cosine, 0.98, "\(means)")
        XCTAssertEqual(means[0], 0.6, accuracy: 0.25, "\(means)")
    }

    func testAMissingDatasetSaysWhatToPutWhere() throws {
        let spec = try spec(#"{"kind": "pamap2", "directory": "/nonexistent/pamap2", "subjects": [101, 102]}"#)
        XCTAssertThrowsError(try Runner(spec: spec, directory: temporaryRun(), environment: environment,
                                        stages: try spec.stages()).run(force: false) { _ in }) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("Protocol/subject101.dat  — MISSING"), text)
            XCTAssertTrue(text.contains("in data/pamap2/"), text)
        }
    }
}
