import XCTest
import Tensors
@testable import Attribution

/// Against PyTorch's F.interpolate(size=…), worked out by hand.
final class UpsamplingTests: XCTestCase {
    func testBilinear2x2To4x4() {
        // align_corners=False: src = (dst + ½)/2 − ½ = −¼ (→ 0), ¼, ¾, 1¼ (→ the last pixel), so each
        // axis blends the two pixels with weights 0, ¼, ¾, 1. On [[1, 2], [3, 4]], a plane
        // 1 + wx + 2 wy, that gives 1 + (0, ¼, ¾, 1) + 2 (0, ¼, ¾, 1)ᵀ.
        let map = Tensor(shape: [1, 1, 2, 2], values: [1, 2, 3, 4])
        XCTAssertEqual(Upsampling.bilinear.resize(map, height: 4, width: 4).array, [
            1, 1.25, 1.75, 2,
            1.5, 1.75, 2.25, 2.5,
            2.5, 2.75, 3.25, 3.5,
            3, 3.25, 3.75, 4])
    }

    func testBilinearOfAProductIsTheProductOfTheWeights() {
        // [[0, 1], [0, 0]]: the value wx (1 − wy).
        let map = Tensor(shape: [1, 1, 2, 2], values: [0, 1, 0, 0])
        let w: [Float] = [0, 0.25, 0.75, 1]
        XCTAssertEqual(Upsampling.bilinear.resize(map, height: 4, width: 4).array,
                       w.flatMap { wy in w.map { wx in wx * (1 - wy) } })
    }

    func testBilinearAtANonIntegerRatio() {
        // 3 → 5: scale 0.6, src = 0.6 (dst + ½) − ½ = −0.2 (→ 0), 0.4, 1, 1.6, 2.2 (→ the last pixel).
        // On (0, 10, 20): 0, 4, 10, 16, 20. Rows and columns are independent.
        let map = Tensor(shape: [1, 1, 1, 3], values: [0, 10, 20])
        let wide = Upsampling.bilinear.resize(map, height: 2, width: 5)
        for (got, want) in zip(wide.array, [0, 4, 10, 16, 20, 0, 4, 10, 16, 20] as [Float]) {
            XCTAssertEqual(got, want, accuracy: 1e-5)
        }
    }

    func testBilinearDownsamplingAveragesPairs() {
        // 4 → 2: src = 2 (dst + ½) − ½ = 0.5, 2.5: the mean of pixels (0, 1) and (2, 3).
        let map = Tensor(shape: [1, 1, 1, 4], values: [1, 3, 10, 20])
        XCTAssertEqual(Upsampling.bilinear.resize(map, height: 1, width: 2).array, [2, 15])
    }

    func testNearest() {
        // 3 → 5: ⌊dst · 0.6⌋ = 0, 0, 1, 1, 2; 2 → 4 repeats each value twice.
        let row = Tensor(shape: [1, 1, 1, 3], values: [5, 6, 7])
        XCTAssertEqual(Upsampling.nearest.resize(row, height: 1, width: 5).array, [5, 5, 6, 6, 7])
        let square = Tensor(shape: [1, 1, 2, 2], values: [1, 2, 3, 4])
        XCTAssertEqual(Upsampling.nearest.resize(square, height: 4, width: 4).array,
                       [1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4])
    }

    func testSameSizeIsTheIdentityForEveryPlane() {
        let maps = HandBuiltImageNetworks.images(2, [3, 5, 4], seed: 1)
        for mode in Upsampling.allCases {
            XCTAssertEqual(mode.resize(maps, height: 5, width: 4).array, maps.array, "\(mode)")
        }
    }
}
