import Tensors

/// Per-channel standardisation x ← (x − mean_c) / std_c. Computed once on the training images
/// and stored with the run (it is Codable) so validation, test and attribution inputs are
/// transformed exactly as the model saw its training data.
public struct Normalization: Codable, Equatable, Sendable {
    /// One entry per channel.
    public let mean: [Double]
    /// Population standard deviation (divided by the number of values) per channel.
    public let std: [Double]

    public init(mean: [Double], std: [Double]) {
        precondition(mean.count == std.count, "Normalization: \(mean.count) means, \(std.count) stds")
        precondition(std.allSatisfy { $0 >= 0 }, "Normalization: negative std in \(std)")
        self.mean = mean
        self.std = std
    }

    /// Mean 0 and std 1 for every channel: applying it changes nothing (inputs kept in their units).
    public static func identity(axes: Int) -> Normalization {
        Normalization(mean: Array(repeating: 0, count: axes), std: Array(repeating: 1, count: axes))
    }

    /// Mean and std of each channel over every image and pixel of (N, C, H, W) `images`.
    /// Sums are in Double, two passes (mean, then squared deviations) for accuracy. Each
    /// (image, channel) plane is summed alone — in parallel — and the plane sums are added in
    /// index order, so the result does not depend on the thread count.
    public static func fit(_ images: Tensor) -> Normalization {
        precondition(images.shape.rank == 4 && images.shape[0] > 0,
                     "Normalization.fit: needs non-empty (N, C, H, W) images, got \(images.shape)")
        let (n, c) = (images.shape[0], images.shape[1])
        let plane = images.shape[2] * images.shape[3]
        let values = Double(n * plane)

        /// Σ over each channel of f(value, channel), via per-plane partial sums.
        func channelSums(_ f: (Float, Int) -> Double) -> [Double] {
            var partial = [Double](repeating: 0, count: n * c)
            partial.withUnsafeMutableBufferPointer { partial in
                parallelRanges(n * c, costPerItem: plane) { planes in
                    for p in planes {
                        let x = images.data + p * plane
                        var s = 0.0
                        for i in 0..<plane { s += f(x[i], p % c) }
                        partial[p] = s
                    }
                }
            }
            var sums = [Double](repeating: 0, count: c)
            for p in 0..<(n * c) { sums[p % c] += partial[p] }
            return sums
        }
        let mean = channelSums { x, _ in Double(x) }.map { $0 / values }
        let variance = channelSums { x, channel in
            let d = Double(x) - mean[channel]
            return d * d
        }.map { $0 / values }
        return Normalization(mean: mean, std: variance.map { $0.squareRoot() })
    }

    /// Standardises (N, C, H, W) `images` in place, in Float32 like torchvision's Normalize:
    /// (x − mean) / std. A channel with std 0 (constant) is only shifted, to 0, not divided.
    public func apply(to images: Tensor) {
        precondition(images.shape.rank == 4 && images.shape[1] == mean.count,
                     "Normalization.apply: \(mean.count) channels, images \(images.shape)")
        let c = mean.count
        let plane = images.shape[2] * images.shape[3]
        let means = mean.map { Float($0) }
        let stds = std.map { $0 > 0 ? Float($0) : 1 }
        parallelRanges(images.shape[0] * c, costPerItem: plane) { planes in
            for p in planes {
                let x = images.data + p * plane
                let (m, s) = (means[p % c], stds[p % c])
                for i in 0..<plane { x[i] = (x[i] - m) / s }
            }
        }
    }
}
