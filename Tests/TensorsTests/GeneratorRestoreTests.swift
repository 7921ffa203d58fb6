import XCTest
@testable import Tensors

final class GeneratorRestoreTests: XCTestCase {
    /// Restoring an existing generator (the one layers and loaders already hold) resumes the
    /// stream exactly, pending Box–Muller normal included.
    func testRestoreInPlaceResumesStream() {
        let original = Generator(seed: 42)
        _ = original.normal()  // leaves a spare normal pending
        let saved = original.savedState
        let held = Generator(seed: 7)
        held.restore(savedState: saved)
        XCTAssertEqual(held.savedState, saved)
        XCTAssertEqual((0..<9).map { _ in held.normal() }, (0..<9).map { _ in original.normal() })
        XCTAssertEqual(Generator(savedState: saved).savedState, saved)
    }
}
