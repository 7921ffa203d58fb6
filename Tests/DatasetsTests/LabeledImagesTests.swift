import XCTest
import Tensors
@testable import Datasets

final class LabeledImagesTests: XCTestCase {
    /// Four 2×1×2 images whose values are 10·index + position.
    func makeSet() -> LabeledImages {
        let values = (0..<4).flatMap { n in (0..<4).map { Float(10 * n + $0) } }
        return LabeledImages(images: Tensor(shape: [4, 2, 1, 2], values: values), labels: [2, 0, 1, 2],
                             classNames: ["x", "y", "z"])
    }

    func testBatchCopiesRowsInOrder() {
        let set = makeSet()
        let (images, labels) = set.batch(indices: [3, 1, 3])
        XCTAssertEqual(images.shape, [3, 2, 1, 2])
        XCTAssertEqual(images.array, [30, 31, 32, 33, 10, 11, 12, 13, 30, 31, 32, 33])
        XCTAssertEqual(labels, [2, 0, 2])
        images.fill(-1)
        XCTAssertEqual(set.images[3, 0, 0, 0], 30, "a batch is a copy")
    }

    func testSubsetAndCounts() {
        let set = makeSet()
        XCTAssertEqual(set.count, 4)
        XCTAssertEqual(set.imageShape, [2, 1, 2])
        XCTAssertEqual(set.classCounts(), [1, 1, 2])
        let sub = set.subset([2, 0])
        XCTAssertEqual(sub.count, 2)
        XCTAssertEqual(sub.labels, [1, 2])
        XCTAssertEqual(sub.classNames, set.classNames)
        XCTAssertEqual(sub.images.array, [20, 21, 22, 23, 0, 1, 2, 3])
    }
}
