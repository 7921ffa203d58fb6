import XCTest
@testable import Metrics

final class TSNETests: XCTestCase {
    /// Three well-separated Gaussian clusters in 10-D (deterministic points, no RNG needed).
    static func clusters(perCluster: Int) -> (points: [[Double]], labels: [Int]) {
        var points: [[Double]] = [], labels: [Int] = []
        var rng = SplitMix64(seed: 7)
        for label in 0..<3 {
            for _ in 0..<perCluster {
                points.append((0..<10).map { c in (c == label ? 20.0 : 0) + rng.normal() })
                labels.append(label)
            }
        }
        return (points, labels)
    }

    func testSeparatedClustersStaySeparated() throws {
        let (points, labels) = Self.clusters(perCluster: 30)
        let y = try TSNE(perplexity: 10, iterations: 400, seed: 1).embed(points)
        XCTAssertEqual(y.count, points.count)
        XCTAssertTrue(y.allSatisfy { $0.count == 2 && $0.allSatisfy(\.isFinite) })
        var agree = 0
        for i in y.indices {
            let j = y.indices.filter { $0 != i }.min { a, b in
                Self.squared(y[i], y[a]) < Self.squared(y[i], y[b])
            }!
            if labels[i] == labels[j] { agree += 1 }
        }
        XCTAssertGreaterThan(Double(agree) / Double(y.count), 0.95)
    }

    func testSameSeedSameEmbedding() throws {
        let (points, _) = Self.clusters(perCluster: 5)
        let tsne = TSNE(perplexity: 4, iterations: 50, seed: 3)
        XCTAssertEqual(try tsne.embed(points), try tsne.embed(points))
        XCTAssertNotEqual(try tsne.embed(points), try TSNE(perplexity: 4, iterations: 50, seed: 4).embed(points))
    }

    func testJointProbabilitiesAreADistribution() {
        // Symmetrised P: every conditional row sums to 1, so Σ_ij (p_j|i + p_i|j)/2N = 1.
        let (points, _) = Self.clusters(perCluster: 10)
        let p = TSNE(perplexity: 5, seed: 0).jointProbabilities(points)
        XCTAssertEqual(p.reduce(0, +), 1, accuracy: 1e-6)
        XCTAssertTrue(p.allSatisfy { $0.isFinite && $0 >= 0 })
        for i in 0..<30 { for j in 0..<30 { XCTAssertEqual(p[i * 30 + j], p[j * 30 + i]) } }
    }

    func testRejectsBadInput() {
        XCTAssertThrowsError(try TSNE(seed: 0).embed([[1]]))
        XCTAssertThrowsError(try TSNE(perplexity: 5, seed: 0).embed([[1], [2], [3]]))
        XCTAssertThrowsError(try TSNE(perplexity: 1, seed: 0).embed([[1], [2, 3], [3]]))
    }

    static func squared(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
    }
}
