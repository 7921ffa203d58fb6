/// `data` for the image datasets (paper 003): MNIST, Fashion-MNIST (IDX) and CIFAR-10
/// (binary version), read from `directory`, with seeded subsets for CPU-sized runs.
public struct ImageDataSpec: SpecSection {
    public enum Source: String, CaseIterable { case mnist, fashionMNIST = "fashion-mnist", cifar10 }

    public var source: Source
    /// Where the published files are (default data/<kind>).
    public var directory: String
    /// Training images drawn (seeded) from what is left after the validation split; 0 = all.
    public var trainSubset = 0
    /// Held out from the published training set for validation (the reference epoch).
    public var validationSize = 5000
    /// Test images drawn (seeded) from the published test set; 0 = all.
    public var testSubset = 0
    /// Per-channel standardisation with the training subset's mean and std.
    public var normalize = true

    public init(_ reader: SpecReader) throws {
        guard case .string(let kind)? = reader.value["kind"], let source = Source(rawValue: kind) else {
            throw reader.error("not an image dataset")
        }
        self.source = source
        directory = "data/" + kind
        try reader.fields { f in
            f.allow("kind")
            directory = try f.value("directory", default: directory) { try $0.string() }
            trainSubset = try f.value("trainSubset", default: trainSubset) { try $0.integer(atLeast: 0) }
            validationSize = try f.value("validationSize", default: validationSize) { try $0.integer(atLeast: 1) }
            testSubset = try f.value("testSubset", default: testSubset) { try $0.integer(atLeast: 0) }
            normalize = try f.value("normalize", default: normalize) { try $0.bool() }
        }
    }

    public var json: JSONValue {
        .object([("kind", .string(source.rawValue)), ("directory", JSONValue(directory)), ("trainSubset", JSONValue(trainSubset)),
                 ("validationSize", JSONValue(validationSize)), ("testSubset", JSONValue(testSubset)),
                 ("normalize", JSONValue(normalize))])
    }

    public var classes: Int { 10 }
    public var imageShape: [Int] { source == .cifar10 ? [3, 32, 32] : [1, 28, 28] }
}
