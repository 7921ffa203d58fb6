import Datasets
import Foundation
import Tensors

/// The image studies' data (papers 003 and 001): the published training set split (seeded)
/// into validation and a training subset, a seeded test subset, per-channel standardisation
/// with the training subset's statistics (unless `normalize` is false). Writes data/{train,validation,test}-{inputs,targets}.npy (targets are class
/// indices), data/normalization.json, data/classes.txt and data/test-indices.csv (positions in
/// the published test set).
struct ImageDataStage: Stage {
    let name = "data"
    /// The spec's data section, of the kind this stage reads.
    let data: ImageDataSpec

    func run(_ context: RunContext) throws -> [String] {
        let s = data
        let generator = Generator.forStage(name, seed: context.spec.seed)
        let folder = URL(fileURLWithPath: s.directory)
        let (published, test) = try ImageDataStage.load(s, from: folder)
        guard s.validationSize < published.count else {
            throw SpecError(file: context.spec.name, path: "data.validationSize",
                            "must be < the \(published.count) training images, got \(s.validationSize)")
        }
        let (trainPool, validation) = Split.validationSplit(count: published.count, validationSize: s.validationSize, generator: generator)
        let train = s.trainSubset == 0 || s.trainSubset >= trainPool.count ? trainPool
            : Split.random(s.trainSubset, of: trainPool.count, generator: generator).map { trainPool[$0] }
        let testIndices = s.testSubset == 0 || s.testSubset >= test.count ? Array(0..<test.count)
            : Split.random(s.testSubset, of: test.count, generator: generator)

        let parts = [("train", published.subset(train)), ("validation", published.subset(validation)), ("test", test.subset(testIndices))]
        var normalization: Normalization?
        if s.normalize { normalization = Normalization.fit(parts[0].1.images) }
        let dir = context.directory
        var written: [String] = []
        for (split, images) in parts {
            normalization?.apply(to: images.images)
            let labels = Tensor(shape: [images.count], values: images.labels.map(Float.init))
            written += try SupervisedArrays(inputs: images.images, targets: labels).write(split, in: dir)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try dir.write(try encoder.encode(normalization ?? Normalization(mean: [], std: [])) + Data("\n".utf8), to: "data/normalization.json")
        try dir.write(published.classNames.joined(separator: "\n") + "\n", to: "data/classes.txt")
        try dir.write("row,published_index\n" + testIndices.enumerated().map { "\($0),\($1)" }.joined(separator: "\n") + "\n",
                      to: "data/test-indices.csv")
        context.progress(.note("\(train.count) training, \(validation.count) validation, \(testIndices.count) test images"))
        return written + ["data/normalization.json", "data/classes.txt", "data/test-indices.csv"]
    }

    static func load(_ s: ImageDataSpec, from folder: URL) throws -> (train: LabeledImages, test: LabeledImages) {
        switch s.source {
        case .cifar10:
            return (try CIFAR10.load(directory: folder, split: .train), try CIFAR10.load(directory: folder, split: .test))
        case .mnist, .fashionMNIST:
            let variant: MNIST.Variant = s.source == .mnist ? .mnist : .fashionMNIST
            return (try MNIST.load(directory: folder, split: .train, variant: variant),
                    try MNIST.load(directory: folder, split: .test, variant: variant))
        }
    }
}
