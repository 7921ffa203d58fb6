import XCTest
@testable import Metrics

/// References: skimage.metrics.structural_similarity(a, b, win_size=w, data_range=R,
/// use_sample_covariance=True, gaussian_weights=False) on float64 copies of the float32 maps
/// (scikit-image 0.26.0), cross-checked with a direct numpy loop over every window.
final class StructuralSimilarityTests: XCTestCase {
    let height = 16, width = 20

    /// x = lcg(11, 320), y = 0.5·x + 0.5·lcg(12, 320) in float32, both 16×20.
    func pair() -> (x: [Float], y: [Float]) {
        let x = linearCongruentialSequence(seed: 11, count: height * width)
        let noise = linearCongruentialSequence(seed: 12, count: height * width)
        return (x, zip(x, noise).map { 0.5 * $0 + 0.5 * $1 })
    }

    func testHandComputedSingleWindow() throws {
        // 2×2 maps, window 2 → one window. x = (0, 1, 2, 3), y = (0, 2, 1, 3); R = 3.
        // μx = μy = 1.5; σx² = σy² = (2.25 + 0.25 + 0.25 + 2.25)/3 = 5/3;
        // σxy = (2.25 − 0.25 − 0.25 + 2.25)/3 = 4/3; C1 = 0.03² = 0.0009, C2 = 0.09² = 0.0081.
        // Luminance term (2·2.25 + C1)/(4.5 + C1) = 1, so
        // SSIM = (8/3 + 0.0081)/(10/3 + 0.0081) = 0.8004848218828247.
        let value = try StructuralSimilarity.of([0, 1, 2, 3], [0, 2, 1, 3], height: 2, width: 2, windowSize: 2)
        XCTAssertEqual(value, 0.8004848218828247, accuracy: 1e-13)
    }

    func testIdenticalMapsGiveOne() throws {
        let (x, _) = pair()
        XCTAssertEqual(try StructuralSimilarity.of(x, x, height: height, width: width), 1, accuracy: 1e-12)
        // A constant map equal to itself: R = 0 by default, defined as 1.
        let flat = [Float](repeating: 0.25, count: 64)
        XCTAssertEqual(try StructuralSimilarity.of(flat, flat, height: 8, width: 8), 1)
    }

    func testAgainstSkimage() throws {
        let (x, y) = pair()
        // Default R = max − min over both maps, subtracted in float64 = 0.9829829907976091
        // → 0.6956504739312306.
        XCTAssertEqual(try StructuralSimilarity.of(x, y, height: height, width: width), 0.6956504739312306,
                       accuracy: 1e-12)
        XCTAssertEqual(try StructuralSimilarity.of(x, y, height: height, width: width, dataRange: 0.9829829907976091),
                       0.6956504739312306, accuracy: 1e-12)
        // win_size=5, data_range=1 → 0.6873722367146659.
        XCTAssertEqual(try StructuralSimilarity.of(x, y, height: height, width: width, windowSize: 5, dataRange: 1),
                       0.6873722367146659, accuracy: 1e-12)
    }

    func testConstantShift() throws {
        // y = x + 0.25: the variances and covariance are unchanged, so only the luminance term
        // (2μxμy + C1)/(μx² + μy² + C1) < 1 lowers the score.
        // skimage, data_range=1 → 0.9238075169848652; default R = 1.232982990797609 → 0.9238124346725237.
        let (x, _) = pair()
        let shifted = x.map { $0 + 0.25 }
        XCTAssertEqual(try StructuralSimilarity.of(x, shifted, height: height, width: width, dataRange: 1),
                       0.9238075169848652, accuracy: 1e-12)
        XCTAssertEqual(try StructuralSimilarity.of(x, shifted, height: height, width: width),
                       0.9238124346725237, accuracy: 1e-12)
    }

    func testPatternMaps() throws {
        // p[i,j] = ((7i + 13j) mod 17)/16, q[i,j] = ((i² + 3j) mod 11)/10 as float32;
        // skimage data_range=1 → 0.062240939470878165.
        var p = [Float](), q = [Float]()
        for i in 0..<height {
            for j in 0..<width {
                p.append(Float((i * 7 + j * 13) % 17) / Float(16))
                q.append(Float((i * i + 3 * j) % 11) / Float(10))
            }
        }
        XCTAssertEqual(try StructuralSimilarity.of(p, q, height: height, width: width, dataRange: 1),
                       0.062240939470878165, accuracy: 1e-12)
    }

    func testSparseHeatmapLikeMaps() throws {
        // 32×32, mostly zero like a ReLU'd Grad-CAM: z = lcg(31) with values < 0.8 set to 0,
        // w = lcg(32) with values < 0.7 set to 0. skimage, data_range = 1.0 (max − min) →
        // 0.009346548686494297.
        let z = linearCongruentialSequence(seed: 31, count: 1024).map { $0 < 0.8 ? 0 : $0 }
        let w = linearCongruentialSequence(seed: 32, count: 1024).map { $0 < 0.7 ? 0 : $0 }
        XCTAssertEqual(try StructuralSimilarity.of(z, w, height: 32, width: 32), 0.009346548686494297, accuracy: 1e-12)
    }

    func testLargeOffsetKeepsPrecision() throws {
        // Both maps + 1000. A direct numpy loop over the windows gives 0.6968152305965025;
        // skimage (uniform filters of x² minus squared means) only 0.6968152307153054, 1e-10
        // off. The summed-area tables centre each map first and stay with the direct value.
        let (x, y) = pair()
        let value = try StructuralSimilarity.of(x.map { $0 + 1000 }, y.map { $0 + 1000 },
                                                height: height, width: width, dataRange: 1)
        XCTAssertEqual(value, 0.6968152305965025, accuracy: 1e-12)
    }

    func testBatchMatchesSinglePairs() throws {
        let (x, y) = pair()
        let shifted = x.map { $0 + 0.25 }
        let values = try StructuralSimilarity.batch(x + x + x, y + x + shifted, count: 3, height: height, width: width)
        XCTAssertEqual(values.count, 3)
        // Each pair gets its own default range.
        XCTAssertEqual(values[0], 0.6956504739312306, accuracy: 1e-12)
        XCTAssertEqual(values[1], 1, accuracy: 1e-12)
        XCTAssertEqual(values[2], 0.9238124346725237, accuracy: 1e-12)
        let fixed = try StructuralSimilarity.batch(x + x, y + shifted, count: 2, height: height, width: width, dataRange: 1)
        XCTAssertEqual(fixed[1], 0.9238075169848652, accuracy: 1e-12)
    }

    func testChannelsAgainstSkimage() throws {
        // (3, 16, 20): xc = lcg(21, 960), yc = 0.3·lcg(22, 960) + 0.7·xc in float32.
        // skimage channel_axis=0, data_range = max − min over both (in float64) =
        // 0.9989989990135655 → 0.895023438789662, and per channel with that range.
        let count = 3 * height * width
        let xc = linearCongruentialSequence(seed: 21, count: count)
        let yc = zip(linearCongruentialSequence(seed: 22, count: count), xc).map { $0 * 0.3 + $1 * 0.7 }
        XCTAssertEqual(try StructuralSimilarity.meanOverChannels(xc, yc, channels: 3, height: height, width: width),
                       0.895023438789662, accuracy: 1e-12)
        let perChannel = try StructuralSimilarity.batch(xc, yc, count: 3, height: height, width: width,
                                                        dataRange: 0.9989989990135655)
        XCTAssertEqual(perChannel[0], 0.8988076402146404, accuracy: 1e-12)
        XCTAssertEqual(perChannel[1], 0.8926114361942695, accuracy: 1e-12)
        XCTAssertEqual(perChannel[2], 0.8936512399600757, accuracy: 1e-12)
    }

    func testInvalidInput() {
        func kind(_ body: () throws -> Any) -> MetricError.Kind? {
            do { _ = try body(); return nil } catch { return (error as? MetricError)?.kind }
        }
        let map = [Float](repeating: 1, count: 36)
        XCTAssertEqual(kind { try StructuralSimilarity.of(map, map, height: 6, width: 6) }, .mapSmallerThanWindow)
        XCTAssertEqual(kind { try StructuralSimilarity.of(map, map, height: 6, width: 6, windowSize: 1) }, .invalidArgument)
        XCTAssertEqual(kind { try StructuralSimilarity.of(map, map, height: 6, width: 6, windowSize: 3, dataRange: 0) },
                       .invalidArgument)
        XCTAssertEqual(kind { try StructuralSimilarity.of(map, map, height: 5, width: 6, windowSize: 3) }, .mismatchedLengths)
        XCTAssertEqual(kind { try StructuralSimilarity.of(map, Array(map.dropLast()), height: 6, width: 6, windowSize: 3) },
                       .mismatchedLengths)
        var withNaN = map
        withNaN[7] = .nan
        XCTAssertEqual(kind { try StructuralSimilarity.of(map, withNaN, height: 6, width: 6, windowSize: 3) }, .notFinite)
        XCTAssertEqual(kind { try StructuralSimilarity.batch([], [], count: 0, height: 6, width: 6) }, .emptyInput)
        XCTAssertThrowsError(try StructuralSimilarity.of(map, map, height: 6, width: 6)) { error in
            XCTAssertEqual("\(error)", "SSIM: map 6×6 is smaller than the 7×7 window")
        }
    }
}
