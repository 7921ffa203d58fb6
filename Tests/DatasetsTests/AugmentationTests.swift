import XCTest
import Tensors
@testable import Datasets

final class AugmentationTests: XCTestCase {
    /// 1×1×4×4 ramp: pixel (y, x) = 4y + x.
    let ramp = Tensor(shape: [1, 1, 4, 4], values: (0..<16).map(Float.init))

    func testCentredCropWithFlipMirrorsRows() {
        let out = Augmentation().apply(ramp, draws: [.init(offsetY: 4, offsetX: 4, flip: true)])
        XCTAssertEqual(out.array, [3, 2, 1, 0,
                                   7, 6, 5, 4,
                                   11, 10, 9, 8,
                                   15, 14, 13, 12])
        XCTAssertEqual(ramp.array, (0..<16).map(Float.init), "the input is untouched")
    }

    /// Offsets (5, 3): the window starts one row below and one column left of the image, so
    /// out(y, x) = in(y + 1, x − 1), zeros where that falls outside.
    func testShiftedCrop() {
        let out = Augmentation().apply(ramp, draws: [.init(offsetY: 5, offsetX: 3, flip: false)])
        XCTAssertEqual(out.array, [0, 4, 5, 6,
                                   0, 8, 9, 10,
                                   0, 12, 13, 14,
                                   0, 0, 0, 0])
        // The flip comes after the crop: the same window, mirrored.
        let flipped = Augmentation().apply(ramp, draws: [.init(offsetY: 5, offsetX: 3, flip: true)])
        XCTAssertEqual(flipped.array, [6, 5, 4, 0,
                                       10, 9, 8, 0,
                                       14, 13, 12, 0,
                                       0, 0, 0, 0])
        // Corner offsets move the image out of a 4×4 window entirely.
        XCTAssertEqual(Augmentation().apply(ramp, draws: [.init(offsetY: 0, offsetX: 8, flip: false)]).array,
                       [Float](repeating: 0, count: 16))
    }

    /// The documented order: per sample, offset y, offset x, flip, each by `integer(below:)`.
    func testDrawOrderFromTheGenerator() {
        let reference = Generator(seed: 77)
        var expected: [Augmentation.Draw] = []
        for _ in 0..<5 {
            let y = reference.integer(below: 9), x = reference.integer(below: 9)
            expected.append(.init(offsetY: y, offsetX: x, flip: reference.integer(below: 2) == 1))
        }
        let generator = Generator(seed: 77)
        XCTAssertEqual(Augmentation().draws(samples: 5, generator: generator), expected)
        XCTAssertEqual(generator.next(), reference.next(), "exactly three draws per sample")

        let batch = Tensor(shape: [5, 2, 4, 4], values: (0..<160).map(Float.init))
        XCTAssertEqual(Augmentation().apply(batch, generator: Generator(seed: 77)).array,
                       Augmentation().apply(batch, draws: expected).array)
    }

    func testSameSeedSameBatch() {
        let g = Generator(seed: 1)
        let batch = Tensor(uninitialized: [8, 3, 32, 32])
        g.fillUniform(batch, low: 0, high: 1)
        let a = Augmentation().apply(batch, generator: Generator(seed: 5))
        let b = Augmentation().apply(batch, generator: Generator(seed: 5))
        let c = Augmentation().apply(batch, generator: Generator(seed: 6))
        XCTAssertEqual(a.array.map(\.bitPattern), b.array.map(\.bitPattern))
        XCTAssertNotEqual(a.array, c.array)
    }

    /// Turning the flip off keeps the crops: the flip is still drawn, just not applied.
    func testFlipOffKeepsTheStream() {
        let withFlip = Augmentation().draws(samples: 6, generator: Generator(seed: 3))
        let without = Augmentation(horizontalFlip: false).draws(samples: 6, generator: Generator(seed: 3))
        XCTAssertEqual(without.map(\.offsetY), withFlip.map(\.offsetY))
        XCTAssertEqual(without.map(\.offsetX), withFlip.map(\.offsetX))
        XCTAssertTrue(without.allSatisfy { !$0.flip })
    }

    /// Over many draws every offset in 0…8 appears and about half the samples flip.
    func testDrawDistribution() {
        let draws = Augmentation().draws(samples: 4000, generator: Generator(seed: 12))
        XCTAssertEqual(Set(draws.map(\.offsetY)), Set(0...8))
        XCTAssertEqual(Set(draws.map(\.offsetX)), Set(0...8))
        XCTAssertEqual(Double(draws.filter(\.flip).count) / 4000, 0.5, accuracy: 0.04)
    }
}
