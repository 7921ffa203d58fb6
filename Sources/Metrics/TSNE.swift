import Foundation
import Tensors

/// Exact t-SNE (van der Maaten & Hinton 2008), for paper 004's activation atlas: the generated
/// signals of one layer's units (tens to a few hundred points) embedded in 2-D.
///
///     p_{j|i} = exp(−β_i ‖x_i − x_j‖²) / Σ_{k≠i} exp(−β_i ‖x_i − x_k‖²),  β_i so that 2^{H(P_i)} = perplexity
///     p_ij    = (p_{j|i} + p_{i|j}) / 2N
///     q_ij    = (1 + ‖y_i − y_j‖²)⁻¹ / Σ_{k≠l} (1 + ‖y_k − y_l‖²)⁻¹
///     ∂C/∂y_i = 4 Σ_j (p_ij − q_ij)(y_i − y_j)(1 + ‖y_i − y_j‖²)⁻¹
///
/// Optimised as in the reference implementation: P multiplied by the early exaggeration for
/// the first iterations, momentum 0.5 then 0.8, per-coordinate gains (+0.2 / ×0.8), and the
/// embedding re-centred every step. O(N²) memory and time per iteration: fine for a layer's
/// units, not for a data set.
///
/// The initial embedding is normal with standard deviation 10⁻⁴ (as in scikit-learn), from a
/// SplitMix64 stream seeded by `seed`, not the engine's `Generator`: an atlas is a read-only
/// view of finished results, so it must not draw from — and thereby shift — the one training
/// RNG stream. The explicit seed keeps it reproducible; exp, log and cos are `Elementary`'s,
/// so the embedding is the same bits on every machine.
public struct TSNE: Sendable {
    public var dimensions: Int
    public var perplexity: Double
    public var iterations: Int
    public var learningRate: Double
    public var earlyExaggeration: Double
    public var exaggerationIterations: Int
    public var seed: UInt64

    public init(dimensions: Int = 2, perplexity: Double = 30, iterations: Int = 1000, learningRate: Double = 200,
                earlyExaggeration: Double = 12, exaggerationIterations: Int = 250, seed: UInt64) {
        (self.dimensions, self.perplexity, self.iterations, self.learningRate) = (dimensions, perplexity, iterations, learningRate)
        (self.earlyExaggeration, self.exaggerationIterations, self.seed) = (earlyExaggeration, exaggerationIterations, seed)
    }

    static let name = "t-SNE"

    /// One row of `dimensions` coordinates per input point.
    public func embed(_ points: [[Double]]) throws -> [[Double]] {
        let n = points.count
        guard n >= 2 else { throw MetricError(Self.name, .emptyInput, "needs at least 2 points, got \(n)") }
        guard dimensions >= 1, iterations >= 0, learningRate > 0, earlyExaggeration > 0 else {
            throw MetricError(Self.name, .invalidArgument, "bad settings")
        }
        // The perplexity is an effective neighbour count: it cannot exceed the other points.
        guard perplexity > 0, perplexity < Double(n) else {
            throw MetricError(Self.name, .invalidArgument, "perplexity \(perplexity) needs 0 < perplexity < \(n) points")
        }
        let d = points[0].count
        for (i, p) in points.enumerated() {
            try MetricError.requireSameCount(p.count, d, Self.name)
            try MetricError.requireFinite(p, "point \(i)", Self.name)
        }
        let p = jointProbabilities(points)

        var rng = SplitMix64(seed: seed)
        var y = (0..<(n * dimensions)).map { _ in 1e-4 * rng.normal() }
        var velocity = [Double](repeating: 0, count: n * dimensions)
        var gains = [Double](repeating: 1, count: n * dimensions)
        var gradient = [Double](repeating: 0, count: n * dimensions)
        var kernel = [Double](repeating: 0, count: n * n)
        for iteration in 0..<iterations {
            let exaggeration = iteration < exaggerationIterations ? earlyExaggeration : 1
            let momentum = iteration < exaggerationIterations ? 0.5 : 0.8
            // Student-t kernel (1 + ‖y_i − y_j‖²)⁻¹ and its normaliser.
            var z: Double = 0
            for i in 0..<n {
                for j in (i + 1)..<n {
                    var s: Double = 0
                    for c in 0..<dimensions {
                        let diff = y[i * dimensions + c] - y[j * dimensions + c]
                        s += diff * diff
                    }
                    let k = 1 / (1 + s)
                    kernel[i * n + j] = k
                    kernel[j * n + i] = k
                    z += 2 * k
                }
            }
            for i in 0..<n {
                for c in 0..<dimensions { gradient[i * dimensions + c] = 0 }
                for j in 0..<n where j != i {
                    let k = kernel[i * n + j]
                    let m = 4 * (exaggeration * p[i * n + j] - k / z) * k
                    for c in 0..<dimensions {
                        gradient[i * dimensions + c] += m * (y[i * dimensions + c] - y[j * dimensions + c])
                    }
                }
            }
            for e in 0..<(n * dimensions) {
                // Gains grow where the gradient keeps its direction against the velocity.
                gains[e] = (gradient[e] > 0) != (velocity[e] > 0) ? gains[e] + 0.2 : max(gains[e] * 0.8, 0.01)
                velocity[e] = momentum * velocity[e] - learningRate * gains[e] * gradient[e]
                y[e] += velocity[e]
            }
            // The cost is invariant to translation; re-centring keeps the numbers small.
            for c in 0..<dimensions {
                let mean = (0..<n).reduce(0.0) { $0 + y[$1 * dimensions + c] } / Double(n)
                for i in 0..<n { y[i * dimensions + c] -= mean }
            }
        }
        return (0..<n).map { Array(y[($0 * dimensions)..<(($0 + 1) * dimensions)]) }
    }

    /// Symmetrised P (n × n, row-major, zero diagonal), each row calibrated to the perplexity.
    func jointProbabilities(_ points: [[Double]]) -> [Double] {
        let n = points.count
        var distances = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in (i + 1)..<n {
                var s: Double = 0
                for c in points[i].indices { s += (points[i][c] - points[j][c]) * (points[i][c] - points[j][c]) }
                distances[i * n + j] = s
                distances[j * n + i] = s
            }
        }
        let targetEntropy = Elementary.log(perplexity)  // in nats, matching the exp below
        var conditional = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            // Binary search on β = 1/(2σ²); entropy falls as β rises.
            var beta = 1.0, low = 0.0, high = Double.infinity
            var row = [Double](repeating: 0, count: n)
            // Subtract the smallest distance before exp so a far-away point cannot underflow to an all-zero row.
            let nearest = (0..<n).filter { $0 != i }.map { distances[i * n + $0] }.min() ?? 0
            for _ in 0..<100 {
                var sum = 0.0, weighted = 0.0
                for j in 0..<n where j != i {
                    let shifted = distances[i * n + j] - nearest
                    row[j] = Elementary.exp(-beta * shifted)
                    sum += row[j]
                    weighted += shifted * row[j]
                }
                let entropy = Elementary.log(sum) + beta * weighted / sum
                if abs(entropy - targetEntropy) < 1e-5 { break }
                if entropy > targetEntropy {
                    low = beta
                    beta = high.isFinite ? (beta + high) / 2 : beta * 2
                } else {
                    high = beta
                    beta = (beta + low) / 2
                }
            }
            let sum = row.reduce(0, +)
            for j in 0..<n where j != i { conditional[i * n + j] = row[j] / sum }
        }
        var p = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n where j != i {
                // Floor as in the reference code: keeps log P finite and the gradient defined.
                p[i * n + j] = max((conditional[i * n + j] + conditional[j * n + i]) / (2 * Double(n)), 1e-12)
            }
        }
        return p
    }
}

/// SplitMix64 (Steele, Lea & Flood 2014): a tiny, well-mixed 64-bit stream for t-SNE's
/// initialisation; see `TSNE` for why this is not the engine's `Generator`.
struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in (0, 1]: 53 random bits, shifted off zero so log never sees 0.
    mutating func uniform() -> Double { (Double(next() >> 11) + 1) * 0x1p-53 }

    /// Standard normal by Box–Muller (the cosine branch only: simplicity over speed here).
    mutating func normal() -> Double {
        let u = uniform(), v = uniform()
        return (-2 * Elementary.log(u)).squareRoot() * Elementary.cos(2 * Double.pi * v)
    }
}
