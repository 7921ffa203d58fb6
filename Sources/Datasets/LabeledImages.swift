import Tensors

/// A classification dataset in memory: images as one (N, C, H, W) Float32 tensor and a class
/// index per image. Subsets and batches copy their rows, so nothing done to them (augmentation,
/// normalisation in place) can reach back into the dataset.
public struct LabeledImages {
    /// (N, C, H, W), pixels as the loader left them ([0, 1] for the published datasets).
    public let images: Tensor
    /// Class index of each image, in 0..<classNames.count.
    public let labels: [Int]
    public let classNames: [String]

    public init(images: Tensor, labels: [Int], classNames: [String]) {
        precondition(images.shape.rank == 4, "LabeledImages: images must be (N, C, H, W), got \(images.shape)")
        precondition(images.shape[0] == labels.count,
                     "LabeledImages: \(images.shape[0]) images but \(labels.count) labels")
        precondition(labels.allSatisfy { $0 >= 0 && $0 < classNames.count },
                     "LabeledImages: a label is outside 0..<\(classNames.count)")
        self.images = images
        self.labels = labels
        self.classNames = classNames
    }

    public var count: Int { labels.count }
    public var channels: Int { images.shape[1] }
    public var height: Int { images.shape[2] }
    public var width: Int { images.shape[3] }
    /// (C, H, W), the shape of one image.
    public var imageShape: Shape { Shape(Array(images.shape.dims.dropFirst())) }

    /// Images at `indices`, in that order (repeats allowed), copied into a new (B, C, H, W) tensor.
    public func batch(indices: [Int]) -> (images: Tensor, labels: [Int]) {
        let per = images.shape.countPerItem
        let result = Tensor(uninitialized: Shape([indices.count] + imageShape.dims))
        for (row, index) in indices.enumerated() {
            precondition(index >= 0 && index < count, "batch: index \(index) outside 0..<\(count)")
            (result.data + row * per).update(from: images.data + index * per, count: per)
        }
        return (result, indices.map { labels[$0] })
    }

    /// A dataset of the images at `indices`, copied, with the same class names.
    public func subset(_ indices: [Int]) -> LabeledImages {
        let (images, labels) = batch(indices: indices)
        return LabeledImages(images: images, labels: labels, classNames: classNames)
    }

    /// How many images each class has, indexed like `classNames`.
    public func classCounts() -> [Int] {
        var counts = [Int](repeating: 0, count: classNames.count)
        for label in labels { counts[label] += 1 }
        return counts
    }
}
