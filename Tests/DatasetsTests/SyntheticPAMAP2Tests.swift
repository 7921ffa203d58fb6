import Foundation
import XCTest
import Tensors
@testable import Datasets

final class SyntheticPAMAP2Tests: XCTestCase {
    let size = SyntheticPAMAP2.Size(subjects: [101, 102], activities: 2, seconds: 3, transitionSeconds: 1)

    func testFilesRoundTripThroughTheLoader() throws {
        let dir = try makeTemporaryDirectory()
        try SyntheticPAMAP2.write(to: dir, size: size, generator: Generator(seed: 1))
        // 1 s transition, 3 s activity 1, 1 s transition, 3 s activity 2, 1 s transition at 100 Hz.
        let text = try String(contentsOf: dir.appendingPathComponent("Protocol/subject101.dat"), encoding: .utf8)
        let lines = text.split(separator: "\n")
        XCTAssertEqual(lines.count, 900)
        XCTAssertTrue(lines.allSatisfy { $0.split(separator: " ").count == PAMAP2.columnCount })
        XCTAssertTrue(lines.contains { line in line.split(separator: " ")[3...].contains("NaN") }, "no dropped IMU packet")

        let recordings = try PAMAP2.load(directory: dir, subjects: [101, 102])
        XCTAssertEqual(recordings.map(\.subject), [101, 102])
        XCTAssertEqual(recordings.map(\.count), [900, 900])
        XCTAssertEqual(recordings[0].channels, PAMAP2.channels)
        XCTAssertEqual(Set(recordings[0].labels), [0, 1, 2])
        XCTAssertEqual(recordings[0].labels[99], 0)
        XCTAssertEqual(recordings[0].labels[100], 1)
        XCTAssertFalse(recordings[0].samples.contains { $0.isNaN }, "interpolation leaves no NaN")
        XCTAssertTrue(recordings[0].column(0).contains { (60...160).contains($0) }, "heart rate")

        // chest.mag.x = Σ w·hand.mag + Σ v·ankle.mag + N(0, 1): the residual of the known weights
        // has about unit spread, on rows where no packet was dropped.
        let complete = try PAMAP2.load(directory: dir, subjects: [101], channels: ["hand.mag", "ankle.mag", "chest.mag.x"],
                                       nanPolicy: .drop)[0]
        let weights = SyntheticPAMAP2.handWeights + SyntheticPAMAP2.ankleWeights
        let residuals = (0..<complete.count).map { t -> Double in
            let row = complete.samples[(t * 7)..<(t * 7 + 7)].map(Double.init)
            return row[6] - zip(weights, row).reduce(0) { $0 + Double($1.0) * $1.1 }
        }
        let rms = (residuals.reduce(0) { $0 + $1 * $1 } / Double(residuals.count)).squareRoot()
        XCTAssertLessThan(complete.count, 900, "drop removes the rows of dropped packets")
        XCTAssertEqual(rms, Double(SyntheticPAMAP2.noiseStd), accuracy: 0.15)
        XCTAssertGreaterThan(spread(complete.column(6).map(Double.init)), 5 * rms, "the hand drives the target")
    }

    func testOneSeedWritesIdenticalFiles() throws {
        let (a, b, c) = (try makeTemporaryDirectory(), try makeTemporaryDirectory(), try makeTemporaryDirectory())
        try SyntheticPAMAP2.write(to: a, size: size, generator: Generator(seed: 7))
        try SyntheticPAMAP2.write(to: b, size: size, generator: Generator(seed: 7))
        try SyntheticPAMAP2.write(to: c, size: size, generator: Generator(seed: 8))
        let name = "Protocol/" + PAMAP2.fileName(subject: 102)
        let (x, y, z) = try (Data(contentsOf: a.appendingPathComponent(name)), Data(contentsOf: b.appendingPathComponent(name)),
                             Data(contentsOf: c.appendingPathComponent(name)))
        XCTAssertEqual(x, y)
        XCTAssertNotEqual(x, z)
    }
}

/// Population standard deviation.
private func spread(_ x: [Double]) -> Double {
    let mean = x.reduce(0, +) / Double(x.count)
    return (x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(x.count)).squareRoot()
}
