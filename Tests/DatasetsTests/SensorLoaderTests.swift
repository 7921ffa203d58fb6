import Foundation
import XCTest
import Tensors
@testable import Datasets

final class SensorLoaderTests: XCTestCase {
    func testDSADSFromSyntheticFiles() throws {
        let dir = try makeTemporaryDirectory()
        try SyntheticHAR.writeDSADS(to: dir, size: .init(activities: 2, subjects: 2, segments: 1), generator: Generator(seed: 1))
        let recordings = try DSADS.load(directory: dir)
        XCTAssertEqual(recordings.count, 4)
        XCTAssertEqual(recordings.map(\.labels.first!), [1, 1, 2, 2])
        XCTAssertEqual(recordings.map(\.subject), [1, 2, 1, 2])
        XCTAssertEqual(recordings[0].count, 125)
        XCTAssertEqual(recordings[0].channels.count, 45)
        // 125 samples at 25 Hz → 149 at 30 Hz → (149 − 30)/15 + 1 = 8 windows per segment.
        let windows = SensorWindows.make(recordings.map { $0.toG().resampled() }, channels: ["right-arm.acc", "left-leg.acc"])
        XCTAssertEqual(windows.windows.shape, [32, 6, 30])
        XCTAssertEqual(windows.channels, ["right-arm.acc.x", "right-arm.acc.y", "right-arm.acc.z",
                                          "left-leg.acc.x", "left-leg.acc.y", "left-leg.acc.z"])
        XCTAssertEqual(windows.subset(subjects: [2]).count, 16)
    }

    func testDSADSErrors() throws {
        let dir = try makeTemporaryDirectory()
        let missing = datasetError { _ = try DSADS.load(directory: dir) }
        XCTAssertEqual(missing?.kind, .missingFiles)
        XCTAssertTrue(missing?.description.contains("a01/p1/s01.txt") ?? false)

        try SyntheticHAR.writeDSADS(to: dir, size: .init(activities: 1, subjects: 1, segments: 1), generator: Generator(seed: 2))
        let file = dir.appendingPathComponent("a01/p1/s01.txt")
        var lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map(String.init)
        lines[6] = lines[6].split(separator: ",").dropLast().joined(separator: ",")  // a short row
        try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        let short = datasetError { _ = try DSADS.load(directory: dir) }
        XCTAssertEqual(short?.kind, .malformedLine)
        XCTAssertEqual(short?.line, 7)
        XCTAssertTrue(short?.description.contains("s01.txt, line 7: 44 values, expected 45") ?? false, "\(short!)")
    }

    func testMHEALTHFromSyntheticFilesAndDamage() throws {
        let dir = try makeTemporaryDirectory()
        let size = SyntheticHAR.Size(activities: 3, subjects: 2, seconds: 2)
        try SyntheticHAR.writeMHEALTH(to: dir, size: size, generator: Generator(seed: 3))
        let recordings = try MHEALTH.load(directory: dir, subjects: [1, 2])
        XCTAssertEqual(recordings.map(\.count), [450, 450])  // 3 × (1 s rest + 2 s) at 50 Hz
        XCTAssertEqual(Set(recordings[0].labels), [0, 1, 2, 3])
        XCTAssertEqual(recordings[0].channels.count, 23)
        XCTAssertEqual(recordings[0].channels[5], "left-ankle.acc.x")
        let windows = SensorWindows.make(recordings.map { $0.resampled() }, channels: ["right-lower-arm.acc", "left-ankle.acc"],
                                         dropLabels: [0])
        XCTAssertEqual(windows.activities(), [1, 2, 3])

        XCTAssertEqual(datasetError { _ = try MHEALTH.load(directory: dir) }?.kind, .missingFiles)
        let file = dir.appendingPathComponent("mHealth_subject2.log")
        var lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map(String.init)
        lines[9] = lines[9].replacingOccurrences(of: "\t", with: "\tx1.5", options: [], range: lines[9].range(of: "\t"))
        try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        let bad = datasetError { _ = try MHEALTH.load(directory: dir, subjects: [1, 2]) }
        XCTAssertEqual(bad?.kind, .malformedLine)
        XCTAssertEqual(bad?.line, 10)
        XCTAssertTrue(bad?.description.contains("mHealth_subject2.log, line 10") ?? false)
    }

    /// A PAMAP2 row: timestamp, activity, heart rate, then three IMUs whose values are
    /// 100·unit + column, orientation columns included.
    func pamapRow(_ t: Int, activity: Int, heartRate: String = "NaN", handAccX: String? = nil) -> String {
        var values = ["\(Double(t) / 100)", "\(activity)", heartRate]
        for unit in 0..<3 {
            for column in 0..<17 { values.append("\(100 * unit + column + t)") }
        }
        if let handAccX { values[4] = handAccX }
        return values.joined(separator: " ")
    }

    func testPAMAP2WithNaN() throws {
        let dir = try makeTemporaryDirectory()
        let protocolDir = dir.appendingPathComponent("Protocol")
        try FileManager.default.createDirectory(at: protocolDir, withIntermediateDirectories: true)
        let rows = [pamapRow(0, activity: 0, heartRate: "104"), pamapRow(1, activity: 1, handAccX: "NaN"),
                    pamapRow(2, activity: 1, handAccX: "NaN"), pamapRow(3, activity: 1)]
        try (rows.joined(separator: "\n") + "\n").write(to: protocolDir.appendingPathComponent("subject101.dat"),
                                                        atomically: true, encoding: .utf8)
        let interpolated = try PAMAP2.load(directory: dir, subjects: [101], channels: ["hand.acc16", "chest.mag.x"])[0]
        XCTAssertEqual(interpolated.channels, ["hand.acc16.x", "hand.acc16.y", "hand.acc16.z", "chest.mag.x"])
        XCTAssertEqual(interpolated.labels, [0, 1, 1, 1])
        XCTAssertEqual(interpolated.column(0), [1, 2, 3, 4])  // NaN at t = 1, 2 filled between 1 and 4
        XCTAssertEqual(interpolated.column(3), [110, 111, 112, 113])  // chest mag x is IMU column 10: 110 + t
        let dropped = try PAMAP2.load(directory: dir, subjects: [101], channels: ["hand.acc16"], nanPolicy: .drop)[0]
        XCTAssertEqual(dropped.column(0), [1, 4])
        XCTAssertEqual(dropped.labels, [0, 1])
        // Heart rate is NaN in 3 of 4 rows: interpolation holds the one value.
        XCTAssertEqual(try PAMAP2.load(directory: dir, subjects: [101])[0].column(0), [104, 104, 104, 104])
        XCTAssertEqual(PAMAP2.channels.count, 40)

        XCTAssertEqual(datasetError { _ = try PAMAP2.load(directory: dir, subjects: [101, 102]) }?.kind, .missingFiles)
        let damaged = rows[0] + "\n" + "1.0 1 NaN 3 4\n" + rows[3] + "\n"
        try damaged.write(to: protocolDir.appendingPathComponent("subject101.dat"), atomically: true, encoding: .utf8)
        let short = datasetError { _ = try PAMAP2.load(directory: dir, subjects: [101]) }
        XCTAssertEqual(short?.line, 2)
        XCTAssertTrue(short?.description.contains("subject101.dat, line 2: 5 values, expected 54") ?? false, "\(short!)")
    }

    func testSyntheticHARIsDeterministicFromTheSeed() throws {
        let (a, b, c) = (try makeTemporaryDirectory(), try makeTemporaryDirectory(), try makeTemporaryDirectory())
        let size = SyntheticHAR.Size(activities: 2, subjects: 1, seconds: 1)
        try SyntheticHAR.writeMHEALTH(to: a, size: size, generator: Generator(seed: 7))
        try SyntheticHAR.writeMHEALTH(to: b, size: size, generator: Generator(seed: 7))
        try SyntheticHAR.writeMHEALTH(to: c, size: size, generator: Generator(seed: 8))
        let name = MHEALTH.fileName(subject: 1)
        let (x, y, z) = try (Data(contentsOf: a.appendingPathComponent(name)), Data(contentsOf: b.appendingPathComponent(name)),
                             Data(contentsOf: c.appendingPathComponent(name)))
        XCTAssertEqual(x, y)
        XCTAssertNotEqual(x, z)
    }

    func testSyntheticActivitiesDiffer() throws {
        // Mean of one accelerometer axis per activity: activities 1 and 2 share a posture (the
        // same offsets, so equal means), activity 3 has its own.
        let dir = try makeTemporaryDirectory()
        try SyntheticHAR.writeDSADS(to: dir, size: .init(activities: 3, subjects: 1, segments: 1), generator: Generator(seed: 4))
        let means = try DSADS.load(directory: dir).map { recording -> Float in
            let column = recording.column(0)
            return column.reduce(0, +) / Float(column.count)
        }
        XCTAssertEqual(means[0], means[1], accuracy: 0.6, "\(means)")
        XCTAssertGreaterThan(abs(means[0] - means[2]), 0.6, "\(means)")
        // The pair differs in tempo: every channel of activity 2 is 1.15–1.5× faster.
        let table = SyntheticHAR.waves(channels: DSADS.channels, size: .init(activities: 3, subjects: 1), generator: Generator(seed: 4))
        for (one, two) in zip(table.activity[1], table.activity[2]) {
            XCTAssertEqual(one.offset, two.offset)
            XCTAssertTrue((1.15...1.5).contains(two.frequency / one.frequency), "\(two.frequency / one.frequency)")
        }
    }
}
