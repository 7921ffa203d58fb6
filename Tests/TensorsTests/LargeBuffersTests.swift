import XCTest
@testable import Tensors

/// Tensors of a MiB and more live in mapped pages that are kept, once freed, for the next
/// request of the same size: a training step's activations come back from the previous step.
final class LargeBuffersTests: XCTestCase {
    func testAFreedBufferIsReusedForTheSameSize() {
        let bytes = 3 << 20 + 123  // an odd size: rounded up to whole pages
        XCTAssertEqual(LargeBuffers.mappedBytes(bytes) % 4096, 0)
        XCTAssertGreaterThanOrEqual(LargeBuffers.mappedBytes(bytes), bytes)
        let first = LargeBuffers.take(bytes: bytes)
        LargeBuffers.give(first, bytes: bytes)
        let second = LargeBuffers.take(bytes: bytes)
        XCTAssertEqual(first, second, "the kept buffer comes back")
        let other = LargeBuffers.take(bytes: bytes)
        XCTAssertNotEqual(other, second, "a buffer in use is never handed out twice")
        LargeBuffers.give(second, bytes: bytes)
        LargeBuffers.give(other, bytes: bytes)
    }

    func testLargeTensorsHoldTheirValues() {
        let n = (1 << 20) / 4 + 17  // just over a MiB: a mapped buffer
        let a = Tensor(shape: [n], values: (0..<n).map { Float($0 % 1000) - 500 })
        let b = a.copy()
        XCTAssertEqual(b.array, a.array)
        XCTAssertEqual(Int(UInt(bitPattern: a.data) % 64), 0, "aligned for the vector kernels")
    }
}
