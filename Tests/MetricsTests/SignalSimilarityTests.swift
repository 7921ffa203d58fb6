import XCTest
@testable import Metrics

final class SignalSimilarityTests: XCTestCase {
    func testPeakWindowFollowsTheActivations() throws {
        let signal: [Float] = [0, 1, 2, 3, 4, 5]
        // Same length: the window of 2 with the largest sum is positions 3, 4.
        XCTAssertEqual(try SignalSimilarity.peakWindow(signal, activations: [0, 0, 1, 5, 4, 0], width: 2), [3, 4])
        // Two shorter (one valid 1×3 convolution): activation q sits on signal q + 1.
        XCTAssertEqual(try SignalSimilarity.peakWindow(signal, activations: [0, 0, 0, 9], width: 2), [3, 4])
        XCTAssertThrowsError(try SignalSimilarity.peakWindow(signal, activations: [1, 2, 3], width: 2))
        XCTAssertThrowsError(try SignalSimilarity.peakWindow(signal, activations: [1], width: 7))
    }

    func testDistanceIsZeroWhenTheWindowContainsThePattern() throws {
        XCTAssertEqual(try SignalSimilarity.distance([1, 2, 3], to: [9, 9, 1, 2, 3, 9]), 0)
        // Best offset of [1, 1] in [0, 3, 2]: (1 + 4)/2 = 2.5 at 0, (4 + 1)/2 = 2.5 at 1.
        XCTAssertEqual(try SignalSimilarity.distance([1, 1], to: [0, 3, 2]), 2.5)
        XCTAssertThrowsError(try SignalSimilarity.distance([1, 2, 3], to: [1, 2]))
    }

    func testUnitScoreAveragesTheNearestWindows() throws {
        let signal: [Float] = [5, 1, 2, 5]
        let activations: [Float] = [0, 3, 3, 0]  // x̂* = [1, 2]
        let windows: [[Float]] = [[0, 1, 2], [2, 2, 2], [1, 3, 9]]  // d = 0, 0.5, 0.5
        XCTAssertEqual(try SignalSimilarity.unitScore(signal: signal, activations: activations,
                                                      trainingWindows: windows, width: 2, nearest: 1), 0)
        XCTAssertEqual(try SignalSimilarity.unitScore(signal: signal, activations: activations,
                                                      trainingWindows: windows, width: 2, nearest: 2), 0.25)
        // More neighbours asked than windows: all of them.
        XCTAssertEqual(try SignalSimilarity.unitScore(signal: signal, activations: activations,
                                                      trainingWindows: windows, width: 2, nearest: 50), 1.0 / 3, accuracy: 1e-12)
    }

    func testLayerScoreLeavesOutFailedUnits() throws {
        let windows: [[Float]] = [[0, 1, 2, 3]]
        let units: [(signal: [Float], activations: [Float])] = [
            ([1, 2, 0], [1, 1, 0]),      // x̂* = [1, 2]: d = 0
            ([3, 3, 0], [1, 1, 0]),      // x̂* = [3, 3]: best [2, 3] or [3, ...] → 0.5
            ([11, 0, 0], [1, 1, 0]),     // |11| > 10: failed
        ]
        let layer = try SignalSimilarity.layerScore(units: units, trainingWindows: windows, width: 2)
        XCTAssertEqual(layer.failedUnits, 1)
        XCTAssertEqual(layer.unitScores, [0, 0.5, nil])
        XCTAssertEqual(layer.score, 0.25)
        let allFailed = try SignalSimilarity.layerScore(units: [([20, 0], [1, 1])], trainingWindows: windows, width: 2)
        XCTAssertNil(allFailed.score)
        XCTAssertEqual(allFailed.failedUnits, 1)
    }

    func testNearestWindowsAgreeWithSortingEveryDistance() throws {
        // Pseudo-random windows, some repeated so ties occur: the bounded scan must return
        // exactly the first `count` of a full sort by (distance, index).
        var state: UInt64 = 12345
        func next() -> Float {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(state >> 40) / Float(1 << 24) * 4 - 2
        }
        var windows = (0..<200).map { _ in (0..<30).map { _ in next() } }
        windows[150] = windows[20]
        windows[151] = windows[20]
        let pattern = (0..<10).map { _ in next() }
        let all = try windows.enumerated().map { (window: $0.offset, distance: try SignalSimilarity.distance(pattern, to: $0.element)) }
            .sorted { ($0.distance, $0.window) < ($1.distance, $1.window) }
        for count in [1, 7, 50, 300] {
            let nearest = try SignalSimilarity.nearestWindows(pattern, trainingWindows: windows, count: count)
            XCTAssertEqual(nearest.map(\.window), all.prefix(count).map(\.window), "count \(count)")
            for (a, b) in zip(nearest, all) { XCTAssertEqual(a.distance, b.distance, accuracy: 1e-12) }
        }
        XCTAssertThrowsError(try SignalSimilarity.nearestWindows(pattern, trainingWindows: windows, count: 0))
        XCTAssertThrowsError(try SignalSimilarity.nearestWindows(pattern, trainingWindows: [[1, 2]], count: 1))
    }

    func testPeakWindowStartAndBestOffsetByHand() throws {
        // Activations (length 4, centred on 6 points: offset 1) peak over signal steps 3–4.
        let signal: [Float] = [0, 1, 2, 3, 4, 5]
        XCTAssertEqual(try SignalSimilarity.peakWindowStart(signal, activations: [0, 1, 5, 4], width: 2), 3)
        XCTAssertEqual(try SignalSimilarity.peakWindow(signal, activations: [0, 1, 5, 4], width: 2), [3, 4])
        // [2, 3] sits at offset 2 of [0, 1, 2, 3, 4]; ties go to the first offset.
        XCTAssertEqual(SignalSimilarity.bestOffset([2, 3], in: [0, 1, 2, 3, 4]), 2)
        XCTAssertEqual(SignalSimilarity.bestOffset([1, 1], in: [1, 1, 1]), 0)
    }
}
