import Datasets

/// `data` for scikit-learn's bundled tables (paper 002 part 3): breast cancer (569 × 30, two
/// classes) or wine (178 × 13, three), read from `directory` (`make data-tabular`), split
/// (seeded, stratified by nothing) into train, validation and test.
public struct TabularDataSpec: SpecSection {
    public var dataset: SklearnTable.Dataset
    public var directory = "data/sklearn"
    /// Fractions of the rows held out for testing and for validation (the reference epoch).
    public var testFraction = 0.3
    public var validationFraction = 0.15

    public init(_ reader: SpecReader) throws {
        guard case .string(let kind)? = reader.value["kind"], let dataset = SklearnTable.Dataset(rawValue: kind) else {
            throw reader.error("not a tabular dataset")
        }
        self.dataset = dataset
        try reader.fields { f in
            f.allow("kind")
            directory = try f.value("directory", default: directory) { try $0.string() }
            testFraction = try f.value("testFraction", default: testFraction) { try $0.number(greaterThan: 0, atMost: 0.8) }
            validationFraction = try f.value("validationFraction", default: validationFraction) { try $0.number(greaterThan: 0, atMost: 0.5) }
        }
    }

    public var json: JSONValue {
        .object([("kind", .string(dataset.rawValue)), ("directory", JSONValue(directory)),
                 ("testFraction", JSONValue(testFraction)), ("validationFraction", JSONValue(validationFraction))])
    }

    public var features: Int { dataset.featureNames.count }
    public var classes: Int { dataset == .breastCancer ? 2 : 3 }
}
