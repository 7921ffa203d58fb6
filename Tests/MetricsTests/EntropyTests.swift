import XCTest
@testable import Metrics

final class EntropyTests: XCTestCase {
    func testHandComputed() throws {
        // Uniform over 4: −4 · ¼ ln ¼ = ln 4. A zero entry adds 0 (0 ln 0 := 0): ln 2.
        XCTAssertEqual(try Entropy.of(probabilities: [0.25, 0.25, 0.25, 0.25] as [Double]), log(4.0), accuracy: 1e-15)
        XCTAssertEqual(try Entropy.of(probabilities: [0.5, 0, 0.5] as [Double]), log(2.0), accuracy: 1e-15)
        XCTAssertEqual(try Entropy.of(probabilities: [0, 1, 0] as [Double]), 0)
        // scipy.stats.entropy([0.7, 0.2, 0.1]) = 0.8018185525433373.
        XCTAssertEqual(try Entropy.of(probabilities: [0.7, 0.2, 0.1] as [Double]), 0.8018185525433373, accuracy: 1e-15)
        XCTAssertEqual(try Entropy.of(probabilities: [0.7, 0.2, 0.1] as [Float]), 0.8018185525433373, accuracy: 1e-6)
    }

    func testSoftmax() throws {
        // scipy.stats.entropy(scipy.special.softmax(z)).
        XCTAssertEqual(try Entropy.ofSoftmax(logits: [1, 2, 3] as [Double]), 0.8323955818399389, accuracy: 1e-15)
        XCTAssertEqual(try Entropy.ofSoftmax(logits: [-3.5, 0.25, 2, 7] as [Float]), 0.04945756497630626, accuracy: 1e-14)
        // Equal logits: uniform, ln K whatever the offset.
        XCTAssertEqual(try Entropy.ofSoftmax(logits: [0, 0] as [Double]), log(2.0), accuracy: 1e-15)
        // exp(1000) overflows; the max-shifted form gives ln 2 (scipy: 0.6931471805599453).
        XCTAssertEqual(try Entropy.ofSoftmax(logits: [1000, 1000, 0] as [Double]), log(2.0), accuracy: 1e-15)
        // One dominant logit: the others underflow to 0 probability, H = 0, not NaN.
        XCTAssertEqual(try Entropy.ofSoftmax(logits: [0, 2000] as [Double]), 0)
    }

    func testInvalidInput() {
        func kind(_ body: () throws -> Double) -> MetricError.Kind? {
            do { _ = try body(); return nil } catch { return (error as? MetricError)?.kind }
        }
        XCTAssertEqual(kind { try Entropy.of(probabilities: [Double]()) }, .emptyInput)
        XCTAssertEqual(kind { try Entropy.of(probabilities: [1.2, -0.2] as [Double]) }, .invalidArgument)
        // Logits passed where probabilities belong.
        XCTAssertEqual(kind { try Entropy.of(probabilities: [2, 1, 0.5] as [Double]) }, .invalidArgument)
        XCTAssertEqual(kind { try Entropy.of(probabilities: [0.5, .nan] as [Double]) }, .notFinite)
        XCTAssertEqual(kind { try Entropy.ofSoftmax(logits: [Float]()) }, .emptyInput)
        XCTAssertEqual(kind { try Entropy.ofSoftmax(logits: [1, .infinity] as [Double]) }, .notFinite)
    }
}
