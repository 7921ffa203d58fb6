import XCTest
@testable import Metrics

final class NormalizedDCGTests: XCTestCase {
    func testIdealOrderIsOne() throws {
        XCTAssertEqual(try NormalizedDCG.of(scores: [9, 4, 1, 0.5], relevance: [3, 2, 1, 0]), 1, accuracy: 1e-15)
        XCTAssertEqual(try NormalizedDCG.of(scores: [0.1, 0.7, 0.3], relevance: [0.2, 5, 1], cutoff: 2), 1,
                       accuracy: 1e-15)
    }

    func testHandComputed() throws {
        // Relevances (3, 2, 1); the scores rank item 1 (gain 2) first, item 0 (gain 3) second.
        // DCG  = 2/log2(2) + 3/log2(3) + 1/log2(4) = 2 + 1.8927893 + 0.5 = 4.3927893
        // IDCG = 3/log2(2) + 2/log2(3) + 1/log2(4) = 3 + 1.2618595 + 0.5 = 4.7618595
        // nDCG = 0.92249451… (sklearn.metrics.ndcg_score: 0.9224945116765986)
        let expected = (2 + 3 / log2(3.0) + 0.5) / (3 + 2 / log2(3.0) + 0.5)
        let value = try NormalizedDCG.of(scores: [0.5, 0.9, 0.1], relevance: [3, 2, 1])
        XCTAssertEqual(value, expected, accuracy: 1e-15)
        XCTAssertEqual(value, 0.9224945116765986, accuracy: 1e-15)
    }

    func testCutoff() throws {
        // Scores rank items 1, 3, 0, 2 with gains 2, 0, 3, 1. At k = 2:
        // DCG = 2/1 + 0/log2(3) = 2; IDCG = 3/1 + 2/log2(3) = 4.2618595 → 0.46927873
        // (sklearn ndcg_score(k=2): 0.46927872602275655).
        let value = try NormalizedDCG.of(scores: [0.5, 0.9, 0.1, 0.7], relevance: [3, 2, 1, 0], cutoff: 2)
        XCTAssertEqual(value, 2 / (3 + 2 / log2(3.0)), accuracy: 1e-15)
        // A cutoff past the end counts everything.
        XCTAssertEqual(try NormalizedDCG.of(scores: [0.5, 0.9, 0.1], relevance: [3, 2, 1], cutoff: 10),
                       0.9224945116765986, accuracy: 1e-15)
    }

    func testTieRules() throws {
        // Items 0 and 1 tie on score 1; gains 0 and 2; item 2 (gain 1) last. IDCG = 2 + 1/log2(3).
        // byIndex: item 0 first → DCG = 0 + 2/log2(3) + 1/2 → 0.66967181649423.
        // averaged: both get gain 1 → DCG = 1·(1 + 1/log2(3)) + 1/2 → 0.8099531166420328
        // (sklearn ndcg_score, ignore_ties=False).
        let idcg = 2 + 1 / log2(3.0)
        let byIndex = try NormalizedDCG.of(scores: [1, 1, 0], relevance: [0, 2, 1], ties: .byIndex)
        XCTAssertEqual(byIndex, (2 / log2(3.0) + 0.5) / idcg, accuracy: 1e-15)
        let averaged = try NormalizedDCG.of(scores: [1, 1, 0], relevance: [0, 2, 1])
        XCTAssertEqual(averaged, (1 + 1 / log2(3.0) + 0.5) / idcg, accuracy: 1e-15)
        XCTAssertEqual(averaged, 0.8099531166420328, accuracy: 1e-15)
        // Averaging does not depend on the order of the tied items; byIndex does.
        XCTAssertEqual(try NormalizedDCG.of(scores: [1, 1, 0], relevance: [2, 0, 1]), averaged, accuracy: 1e-15)
        // byIndex now puts gain 2 first: DCG = 2 + 0 + 1/2 → 0.9502344…
        XCTAssertEqual(try NormalizedDCG.of(scores: [1, 1, 0], relevance: [2, 0, 1], ties: .byIndex), 2.5 / idcg,
                       accuracy: 1e-15)
        // A tie group cut by k = 1 contributes its mean gain at rank 1: 1 / 2 (sklearn: 0.5).
        XCTAssertEqual(try NormalizedDCG.of(scores: [1, 1, 0], relevance: [0, 2, 1], cutoff: 1), 0.5,
                       accuracy: 1e-15)
    }

    func testManyTiesAgainstSklearn() throws {
        // sklearn.metrics.ndcg_score([r], [s]) and with k=3.
        let s: [Double] = [0.3, 0.3, 0.1, 0.3, 0.0, 0.1, 0.2], r: [Double] = [1, 0, 2, 3, 0.5, 0, 1]
        XCTAssertEqual(try NormalizedDCG.of(scores: s, relevance: r), 0.7763965892277819, accuracy: 1e-14)
        XCTAssertEqual(try NormalizedDCG.of(scores: s, relevance: r, cutoff: 3), 0.5966660014153452, accuracy: 1e-14)
    }

    func testAttributionAgainstCoefficients() throws {
        // Paper 000 default: rank by |mean attribution|, gain |F_s|.
        // sklearn ndcg_score([|F|], [|M|]) = 0.9960420170109725.
        let coefficients: [Double] = [1.5, -0.2, -2.0, 0.7, 0.0, 0.3]
        let attribution: [Double] = [0.4, 0.05, -0.9, -0.1, 0.02, 0.1]
        XCTAssertEqual(try NormalizedDCG.ofAttribution(attribution, coefficients: coefficients),
                       0.9960420170109725, accuracy: 1e-14)
    }

    func testInvalidInput() {
        func kind(_ body: () throws -> Double) -> MetricError.Kind? {
            do { _ = try body(); return nil } catch { return (error as? MetricError)?.kind }
        }
        XCTAssertEqual(kind { try NormalizedDCG.of(scores: [1, 2], relevance: [1]) }, .mismatchedLengths)
        XCTAssertEqual(kind { try NormalizedDCG.of(scores: [], relevance: []) }, .emptyInput)
        XCTAssertEqual(kind { try NormalizedDCG.of(scores: [1, .nan], relevance: [1, 2]) }, .notFinite)
        XCTAssertEqual(kind { try NormalizedDCG.of(scores: [1, 2], relevance: [1, -2]) }, .invalidArgument)
        XCTAssertEqual(kind { try NormalizedDCG.of(scores: [1, 2], relevance: [1, 2], cutoff: 0) }, .invalidArgument)
        // All-zero relevance: ideal DCG is 0, nDCG undefined.
        XCTAssertEqual(kind { try NormalizedDCG.of(scores: [1, 2], relevance: [0, 0]) }, .constantInput)
    }
}
