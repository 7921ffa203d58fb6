import XCTest
import Tensors
@testable import Datasets

final class SplitTests: XCTestCase {
    func testValidationSplitSizesAndDisjointness() {
        let (train, validation) = Split.validationSplit(count: 1000, validationSize: 150, generator: Generator(seed: 3))
        XCTAssertEqual(train.count, 850)
        XCTAssertEqual(validation.count, 150)
        XCTAssertTrue(Set(train).isDisjoint(with: validation))
        XCTAssertEqual(Set(train).union(validation), Set(0..<1000))
        XCTAssertEqual(train, train.sorted())
        XCTAssertEqual(validation, validation.sorted())
    }

    func testValidationSplitIsTheSeededPermutation() {
        let a = Split.validationSplit(count: 500, validationSize: 50, generator: Generator(seed: 42))
        let b = Split.validationSplit(count: 500, validationSize: 50, generator: Generator(seed: 42))
        let c = Split.validationSplit(count: 500, validationSize: 50, generator: Generator(seed: 43))
        XCTAssertEqual(a.validation, b.validation)
        XCTAssertEqual(a.train, b.train)
        XCTAssertNotEqual(a.validation, c.validation)
        XCTAssertEqual(a.validation, Generator(seed: 42).permutation(500)[..<50].sorted())
    }

    func testEdgeSizes() {
        let none = Split.validationSplit(count: 10, validationSize: 0, generator: Generator(seed: 1))
        XCTAssertEqual(none.train, Array(0..<10))
        XCTAssertEqual(none.validation, [])
        let all = Split.validationSplit(count: 10, validationSize: 10, generator: Generator(seed: 1))
        XCTAssertEqual(all.validation, Array(0..<10))
    }

    func testRandomSubset() {
        let picked = Split.random(20, of: 100, generator: Generator(seed: 9))
        XCTAssertEqual(picked.count, 20)
        XCTAssertEqual(Set(picked).count, 20)
        XCTAssertEqual(picked, Split.random(20, of: 100, generator: Generator(seed: 9)))
        XCTAssertTrue(picked.allSatisfy { (0..<100).contains($0) })
    }

    func testPerClassSubsetIsBalancedAndSeeded() {
        // Class c has 10 + 5c images, interleaved.
        var labels: [Int] = []
        for round in 0..<30 { for c in 0..<4 where round < 10 + 5 * c { labels.append(c) } }
        let picked = Split.perClass(12, labels: labels, generator: Generator(seed: 5))
        var counts = [0, 0, 0, 0]
        for i in picked { counts[labels[i]] += 1 }
        XCTAssertEqual(counts, [10, 12, 12, 12], "class 0 has only 10 images")
        XCTAssertEqual(picked, picked.sorted())
        XCTAssertEqual(picked, Split.perClass(12, labels: labels, generator: Generator(seed: 5)))
        XCTAssertNotEqual(picked, Split.perClass(12, labels: labels, generator: Generator(seed: 6)))
    }

    func testSplittingADataset() {
        let images = Tensor(shape: [6, 1, 1, 2], values: (0..<12).map(Float.init))
        let set = LabeledImages(images: images, labels: [0, 1, 0, 1, 0, 1], classNames: ["a", "b"])
        let (train, validation) = set.validationSplit(validationSize: 2, generator: Generator(seed: 11))
        let indices = Split.validationSplit(count: 6, validationSize: 2, generator: Generator(seed: 11))
        XCTAssertEqual(validation.count, 2)
        XCTAssertEqual(train.count, 4)
        XCTAssertEqual(validation.images.array, indices.validation.flatMap { [Float(2 * $0), Float(2 * $0 + 1)] })
        XCTAssertEqual(train.labels, indices.train.map { $0 % 2 })
    }
}
