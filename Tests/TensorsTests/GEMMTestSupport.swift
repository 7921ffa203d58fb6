import XCTest
@testable import Tensors

/// What the bit-for-bit GEMM tests (GEMMTests, ConvolutionGEMMTests) share: a kernel or a
/// thread count for the length of a closure, and an equality of bit patterns.
extension XCTestCase {
    /// Runs `body` with `kernel` active, then puts the previous one back.
    func with<R>(_ kernel: GEMMKernel, _ body: () throws -> R) rethrows -> R {
        let previous = GEMMKernel.active
        GEMMKernel.active = kernel
        defer { GEMMKernel.active = previous }
        return try body()
    }

    /// Runs `body` with `Threads.count == n`.
    func with<R>(threads n: Int, _ body: () throws -> R) rethrows -> R {
        let previous = Threads.count
        Threads.set(n)
        defer { Threads.set(previous) }
        return try body()
    }

    /// Equal bit patterns (so +0 vs −0 and NaN payloads count), reporting the first difference.
    func assertSameBits(_ x: [Float], _ y: [Float], _ message: @autoclosure () -> String,
                        file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(x.count, y.count, message(), file: file, line: line)
        if let at = (0..<min(x.count, y.count)).first(where: { x[$0].bitPattern != y[$0].bitPattern }) {
            XCTFail("\(message()): element \(at): \(x[at]) vs \(y[at])", file: file, line: line)
        }
    }
}
