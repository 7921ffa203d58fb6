import Foundation
import XCTest
import Tensors
@testable import Datasets

final class NormalizationTests: XCTestCase {
    /// Channel c has values around 0.2 + 0.3c with spread 0.1(c + 1).
    func makeImages() -> Tensor {
        let g = Generator(seed: 21)
        let t = Tensor(uninitialized: [50, 3, 8, 8])
        for n in 0..<50 { for c in 0..<3 { for y in 0..<8 { for x in 0..<8 {
            t[n, c, y, x] = 0.2 + 0.3 * Float(c) + 0.1 * Float(c + 1) * g.normal()
        } } } }
        return t
    }

    func testFitThenApplyGivesZeroMeanUnitStd() {
        let images = makeImages()
        let norm = Normalization.fit(images)
        XCTAssertEqual(norm.mean.count, 3)
        for c in 0..<3 {
            XCTAssertEqual(norm.mean[c], 0.2 + 0.3 * Double(c), accuracy: 0.02)
            XCTAssertEqual(norm.std[c], 0.1 * Double(c + 1), accuracy: 0.01)
        }
        norm.apply(to: images)
        let after = Normalization.fit(images)
        for c in 0..<3 {
            XCTAssertEqual(after.mean[c], 0, accuracy: 1e-5)
            XCTAssertEqual(after.std[c], 1, accuracy: 1e-5)
        }
    }

    func testHandComputedValues() {
        // One channel holding 1, 3 across two images: mean 2, population std 1.
        let images = Tensor(shape: [2, 1, 1, 1], values: [1, 3])
        let norm = Normalization.fit(images)
        XCTAssertEqual(norm, Normalization(mean: [2], std: [1]))
        norm.apply(to: images)
        XCTAssertEqual(images.array, [-1, 1])
    }

    func testConstantChannelIsOnlyShifted() {
        let images = Tensor(repeating: 0.5, shape: [3, 1, 2, 2])
        let norm = Normalization.fit(images)
        XCTAssertEqual(norm.std, [0])
        norm.apply(to: images)
        XCTAssertEqual(images.array, [Float](repeating: 0, count: 12))
    }

    func testFitDoesNotDependOnThreadCount() {
        let images = makeImages()
        let saved = Threads.count
        defer { Threads.set(saved) }
        Threads.set(1)
        let one = Normalization.fit(images)
        Threads.set(4)
        XCTAssertEqual(Normalization.fit(images), one)
    }

    func testCodableRoundTrip() throws {
        let norm = Normalization(mean: [0.4914, 0.4822, 0.4465], std: [0.2470, 0.2435, 0.2616])
        let decoded = try JSONDecoder().decode(Normalization.self, from: JSONEncoder().encode(norm))
        XCTAssertEqual(decoded, norm)
    }
}
