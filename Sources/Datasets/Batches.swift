import Tensors

/// The mini-batches of one epoch: which images, in which order, in groups of what size.
public enum Batches {
    /// The order an epoch visits `count` images: `generator.permutation(count)` when shuffling
    /// (one fresh permutation per epoch, from the run's generator), 0..<count otherwise. Without
    /// shuffling nothing is drawn, so the generator's stream is unchanged.
    public static func epochOrder(count: Int, generator: Generator, shuffle: Bool) -> [Int] {
        shuffle ? generator.permutation(count) : Array(0..<count)
    }

    /// Number of batches of `size` covering `count` images, the last one possibly partial.
    public static func batchCount(count: Int, size: Int) -> Int {
        precondition(size > 0, "batch size must be positive, got \(size)")
        return (count + size - 1) / size
    }

    /// Consecutive slices of `order` of `size` entries each. The last batch is kept even when
    /// partial (count % size images), as PyTorch's DataLoader does with drop_last=False: every
    /// image is seen once per epoch. A layer whose statistics depend on the batch (BatchNorm)
    /// then sees a smaller batch once an epoch.
    public static func batches(_ order: [Int], size: Int) -> [ArraySlice<Int>] {
        (0..<batchCount(count: order.count, size: size)).map { b in
            order[(b * size)..<min((b + 1) * size, order.count)]
        }
    }
}

extension LabeledImages {
    /// The epoch's batches, each copied out of the set when the iteration reaches it, so only
    /// one batch is in memory beyond the set itself.
    public func batches(order: [Int], size: Int) -> LazyMapSequence<[ArraySlice<Int>], (images: Tensor, labels: [Int])> {
        Batches.batches(order, size: size).lazy.map { self.batch(indices: Array($0)) }
    }
}
