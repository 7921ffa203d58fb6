import XCTest
import Tensors
@testable import Datasets

final class SensorSignalTests: XCTestCase {
    func testRampResamplesExactly() {
        // x_i = i at 25 Hz; at 30 Hz sample k sits at input position k·25/30.
        let ramp = (0..<125).map(Float.init)
        let out = Resampling.linear(ramp, channels: 1, from: 25, to: 30)
        XCTAssertEqual(out.count, 149)  // times up to 124/25 s: 0 … 148/30
        for (k, value) in out.enumerated() { XCTAssertEqual(value, Float(k) * 25 / 30, accuracy: 1e-4) }
        XCTAssertEqual(Resampling.outputCount(101, from: 100, to: 30), 31)  // 1 s exactly: both ends kept
    }

    func testSineValuesAfterResampling() {
        // A 1 Hz sine at 100 Hz, resampled to 30 Hz, keeps its values to the interpolation error.
        let sine = (0..<300).map { Float(sin(2 * Double.pi * Double($0) / 100)) }
        let out = Resampling.linear(sine, channels: 1, from: 100, to: 30)
        for (k, value) in out.enumerated() {
            XCTAssertEqual(value, Float(sin(2 * Double.pi * Double(k) / 30)), accuracy: 1e-3)
        }
    }

    func testLabelsTakeNearestSample() {
        let labels = [1, 1, 2, 2, 3]
        XCTAssertEqual(Resampling.nearest(labels, from: 4, to: 2), [1, 2, 3])
        XCTAssertEqual(Resampling.nearest(labels, from: 4, to: 8), [1, 1, 1, 2, 2, 2, 2, 3, 3])
    }

    func testWindowCountWithHalfOverlapAndOneLabel() {
        // 150 samples, windows of 30 every 15: (150 − 30)/15 + 1 = 9.
        let values = (0..<300).map(Float.init)
        let recording = SensorRecording(samples: values, channels: ["a.acc.x", "b.gyro.x"], sampleRate: 30,
                                        labels: [Int](repeating: 4, count: 150), subject: 2)
        let windows = SensorWindows.make([recording], channels: ["a.acc"])
        XCTAssertEqual(windows.count, 9)
        XCTAssertEqual(windows.windows.shape, [9, 1, 30])
        XCTAssertEqual(windows.labels, [Int](repeating: 4, count: 9))
        XCTAssertEqual(windows.subjects.first, 2)
        XCTAssertEqual(windows.windows[1, 0, 0], 30)  // window 1 starts at sample 15, channel 0
    }

    func testMixedAndDroppedLabelWindowsAreLeftOut() {
        // Labels 0 ×30, 1 ×30, 2 ×30: windows at 0, 15, 30, 45, 60 → 0, mixed, 1, mixed, 2.
        let labels = [Int](repeating: 0, count: 30) + [Int](repeating: 1, count: 30) + [Int](repeating: 2, count: 30)
        let recording = SensorRecording(samples: (0..<90).map(Float.init), channels: ["u.acc.x"], sampleRate: 30,
                                        labels: labels, subject: 1)
        XCTAssertEqual(SensorWindows.make([recording], channels: ["u"]).labels, [0, 1, 2])
        XCTAssertEqual(SensorWindows.make([recording], channels: ["u"], dropLabels: [0]).labels, [1, 2])
    }

    func testChannelPrefixesMatchWholeParts() {
        let recording = SensorRecording(samples: [Float](repeating: 0, count: 4),
                                        channels: ["hand.acc16.x", "hand.acc6.x", "hand.mag.x", "chest.mag.x"],
                                        sampleRate: 100, labels: [0], subject: 101)
        XCTAssertEqual(recording.channelIndices(matching: ["hand.acc16", "chest.mag"]), [0, 3])
        XCTAssertNil(recording.channelIndices(matching: ["hand.acc"]))
        XCTAssertEqual(recording.channelIndices(matching: ["hand"]), [0, 1, 2])
    }

    func testToGConvertsOnlyAccelerometers() {
        let recording = SensorRecording(samples: [9.80665, 19.6133, 1], channels: ["x.acc.x", "x.acc16.y", "x.gyro.x"],
                                        sampleRate: 1, labels: [1], subject: 1).toG()
        XCTAssertEqual(recording.samples[0], 1, accuracy: 1e-6)
        XCTAssertEqual(recording.samples[1], 2, accuracy: 1e-6)
        XCTAssertEqual(recording.samples[2], 1)
    }

    func testNaNInterpolationPerChannel() {
        let nan = Float.nan
        // Two channels: a gap in the middle of one, gaps at both ends of the other.
        var values: [Float] = [0, nan, nan, 5, nan, 7, 6, nan]
        XCTAssertNil(MissingSamples.interpolate(&values, channels: 2))
        XCTAssertEqual(values, [0, 5, 2, 5, 4, 7, 6, 7])  // channel 0: 0 … 6 filled 2, 4; channel 1 held at the ends
        var empty: [Float] = [1, nan, 2, nan]
        XCTAssertEqual(MissingSamples.interpolate(&empty, channels: 2), 1)
        XCTAssertEqual(MissingSamples.completeRows([1, nan, 2, 3], channels: 2), [1])
    }

    func testNormalizationOfWindows() {
        let recording = SensorRecording(samples: (0..<60).map { Float($0 % 2 == 0 ? $0 : 100) },
                                        channels: ["a.acc.x", "a.acc.y"], sampleRate: 30,
                                        labels: [Int](repeating: 1, count: 30), subject: 1)
        let windows = SensorWindows.make([recording], channels: ["a"])
        let normalization = windows.fitNormalization()
        XCTAssertEqual(normalization.std[1], 0)
        let normalized = windows.normalized(with: normalization)
        XCTAssertEqual(normalized.windows[0, 1, 3], 0)
        XCTAssertEqual(windows.windows[0, 1, 3], 100)  // the original is untouched
    }
}
