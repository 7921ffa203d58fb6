import Foundation
import XCTest
import Tensors
@testable import Datasets

/// The real Fashion-MNIST files that `make data` links under data/fashion-mnist/; skipped
/// where they are absent, except under CI (which installs them), where that is a failure.
final class FashionMNISTDataTests: XCTestCase {
    /// <package root>/data/fashion-mnist, found from this file's path.
    var directory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("data/fashion-mnist")
    }

    func requireFiles() throws {
        let complete = MNIST.expectedFiles(.fashionMNIST).allSatisfy { MNIST.locate($0.name, in: directory) != nil }
        if !complete && ProcessInfo.processInfo.environment["CI"] != nil {
            XCTFail("Fashion-MNIST not in \(directory.path) under CI: `make test` runs `make data` first")
        }
        if !complete { throw XCTSkip("Fashion-MNIST not in \(directory.path); `make data` puts it there") }
    }

    func testTrainSplit() throws {
        try requireFiles()
        let set = try MNIST.load(directory: directory, split: .train, variant: .fashionMNIST)
        XCTAssertEqual(set.images.shape, [60_000, 1, 28, 28])
        XCTAssertEqual(set.count, 60_000)
        // The first training image is an ankle boot (label 9), then T-shirt/top, T-shirt/top, dress.
        XCTAssertEqual(Array(set.labels.prefix(4)), [9, 0, 0, 3])
        XCTAssertEqual(set.classNames[set.labels[0]], "Ankle boot")
        XCTAssertEqual(set.classCounts(), [Int](repeating: 6000, count: 10))
        let pixels = set.images.buffer
        XCTAssertEqual(pixels.min(), 0)
        XCTAssertEqual(pixels.max(), 1)
        // The first image's corner is background.
        XCTAssertEqual(set.images[0, 0, 0, 0], 0)
    }

    func testTestSplit() throws {
        try requireFiles()
        let set = try MNIST.load(directory: directory, split: .test, variant: .fashionMNIST)
        XCTAssertEqual(set.images.shape, [10_000, 1, 28, 28])
        XCTAssertEqual(Array(set.labels.prefix(4)), [9, 2, 1, 1])
        XCTAssertEqual(set.classCounts(), [Int](repeating: 1000, count: 10))
        XCTAssertTrue(set.labels.allSatisfy { (0...9).contains($0) })
    }
}
