import XCTest
import Tensors
@testable import Datasets

final class BatchesTests: XCTestCase {
    func testShuffledOrderIsASeededPermutation() {
        let order = Batches.epochOrder(count: 100, generator: Generator(seed: 8), shuffle: true)
        XCTAssertEqual(order.sorted(), Array(0..<100))
        XCTAssertNotEqual(order, Array(0..<100))
        XCTAssertEqual(order, Batches.epochOrder(count: 100, generator: Generator(seed: 8), shuffle: true))
    }

    /// Consecutive epochs from one generator differ, and replay from the same seed.
    func testEpochsFromOneGenerator() {
        let g = Generator(seed: 2)
        let first = Batches.epochOrder(count: 50, generator: g, shuffle: true)
        let second = Batches.epochOrder(count: 50, generator: g, shuffle: true)
        XCTAssertNotEqual(first, second)
        let replay = Generator(seed: 2)
        XCTAssertEqual(Batches.epochOrder(count: 50, generator: replay, shuffle: true), first)
        XCTAssertEqual(Batches.epochOrder(count: 50, generator: replay, shuffle: true), second)
    }

    func testUnshuffledOrderDrawsNothing() {
        let g = Generator(seed: 4)
        XCTAssertEqual(Batches.epochOrder(count: 5, generator: g, shuffle: false), [0, 1, 2, 3, 4])
        XCTAssertEqual(g.next(), Generator(seed: 4).next())
    }

    func testLastPartialBatchIsKept() {
        let order = [9, 3, 5, 1, 0, 2, 8, 4, 6, 7]
        let batches = Batches.batches(order, size: 4)
        XCTAssertEqual(batches.map(Array.init), [[9, 3, 5, 1], [0, 2, 8, 4], [6, 7]])
        XCTAssertEqual(Batches.batchCount(count: 10, size: 4), 3)
        XCTAssertEqual(Batches.batchCount(count: 8, size: 4), 2)
        XCTAssertEqual(Batches.batches([], size: 4).count, 0)
    }

    func testDatasetBatches() {
        let set = LabeledImages(images: Tensor(shape: [5, 1, 1, 1], values: [0, 10, 20, 30, 40]),
                                labels: [0, 1, 0, 1, 0], classNames: ["a", "b"])
        let batches = Array(set.batches(order: [4, 2, 0, 1, 3], size: 2))
        XCTAssertEqual(batches.map(\.images.array), [[40, 20], [0, 10], [30]])
        XCTAssertEqual(batches.map(\.labels), [[0, 0], [0, 1], [1]])
    }
}
