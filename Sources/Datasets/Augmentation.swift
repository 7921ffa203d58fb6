import Tensors

/// The standard CIFAR training augmentation: random crop with zero padding, then a horizontal
/// flip with probability 1/2 (torchvision's RandomCrop(32, padding=4) followed by
/// RandomHorizontalFlip()).
///
/// Reproducibility: for each sample, in batch order, exactly three values are drawn from the
/// generator — offset y = integer(below: 2·padding + 1), offset x = integer(below: 2·padding + 1),
/// flip = integer(below: 2) == 1 — whatever the settings, so switching the flip off does not
/// shift the crops drawn after it. The pixel work then runs in parallel without touching the
/// generator.
public struct Augmentation: Codable, Equatable, Sendable {
    /// Zeros added on each side before cropping back to H×W; offsets range over 0…2·padding.
    public var padding: Int
    /// Whether a drawn flip is applied.
    public var horizontalFlip: Bool

    public init(padding: Int = 4, horizontalFlip: Bool = true) {
        precondition(padding >= 0, "Augmentation: negative padding \(padding)")
        self.padding = padding
        self.horizontalFlip = horizontalFlip
    }

    /// What was drawn for one sample: where the H×W window starts in the padded image, and the flip.
    public struct Draw: Equatable, Sendable {
        public var offsetY: Int
        public var offsetX: Int
        public var flip: Bool
        public init(offsetY: Int, offsetX: Int, flip: Bool) {
            (self.offsetY, self.offsetX, self.flip) = (offsetY, offsetX, flip)
        }
    }

    /// The draws for `samples` samples, in the documented order.
    public func draws(samples: Int, generator: Generator) -> [Draw] {
        (0..<samples).map { _ in
            let y = generator.integer(below: 2 * padding + 1)
            let x = generator.integer(below: 2 * padding + 1)
            let flip = generator.integer(below: 2) == 1
            return Draw(offsetY: y, offsetX: x, flip: horizontalFlip && flip)
        }
    }

    /// A new augmented (N, C, H, W) batch; `batch` is left as it is.
    public func apply(_ batch: Tensor, generator: Generator) -> Tensor {
        precondition(batch.shape.rank == 4, "Augmentation: batch must be (N, C, H, W), got \(batch.shape)")
        return apply(batch, draws: draws(samples: batch.shape[0], generator: generator))
    }

    /// The batch transformed by given draws:
    /// out[n, c, y, x] = in[n, c, y + offsetY − padding, x′ + offsetX − padding], where
    /// x′ = W − 1 − x when flipped (the crop is flipped, as the flip comes after the crop) and
    /// x′ = x otherwise; positions outside the image read 0.
    public func apply(_ batch: Tensor, draws: [Draw]) -> Tensor {
        precondition(batch.shape.rank == 4 && draws.count == batch.shape[0],
                     "Augmentation: \(draws.count) draws for a batch \(batch.shape)")
        let (n, c, h, w) = (batch.shape[0], batch.shape[1], batch.shape[2], batch.shape[3])
        let limit = 2 * padding
        precondition(draws.allSatisfy { (0...limit).contains($0.offsetY) && (0...limit).contains($0.offsetX) },
                     "Augmentation: an offset is outside 0…\(limit)")
        let result = Tensor(uninitialized: batch.shape)
        parallelRanges(n * c, costPerItem: h * w) { planes in
            for p in planes {
                let draw = draws[p / c]
                let (dy, dx) = (draw.offsetY - padding, draw.offsetX - padding)
                let source = batch.data + p * h * w, target = result.data + p * h * w
                for y in 0..<h {
                    let sy = y + dy
                    let row = target + y * w
                    guard sy >= 0 && sy < h else {
                        row.update(repeating: 0, count: w)
                        continue
                    }
                    for x in 0..<w {
                        let sx = (draw.flip ? w - 1 - x : x) + dx
                        row[x] = sx >= 0 && sx < w ? source[sy * w + sx] : 0
                    }
                }
            }
        }
        return result
    }
}
