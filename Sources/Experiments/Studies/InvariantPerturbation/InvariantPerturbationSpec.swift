/// `invariance`, paper 001's own spec key: which images are explained and how the learned noise
/// is checked against the same budget spread uniformly.
public struct InvarianceSpec: SpecSection {
    /// Correctly classified test images explained, taken class by class in turn (test order).
    public var images = 10
    /// Noise draws per image and noise kind in the invariance check.
    public var trials = 100
    /// The check's noise stream (each image's own `Generator(seed:)`, as the method's rule).
    public var noiseSeed = 1
    /// "Inside the object": input values above this, in the model's input units (the paper's
    /// specs feed [0, 1] pixels: `data.normalize` false).
    public var objectThreshold = 0.1
    /// Image rows per page of the maps figure.
    public var rowsPerFigure = 6

    public init() {}

    public init(_ reader: SpecReader) throws {
        try reader.fields { f in
            images = try f.value("images", default: images) { try $0.integer(atLeast: 1) }
            trials = try f.value("trials", default: trials) { try $0.integer(atLeast: 1) }
            noiseSeed = try f.value("noiseSeed", default: noiseSeed) { try $0.integer(atLeast: 0) }
            objectThreshold = try f.value("objectThreshold", default: objectThreshold) { try $0.number() }
            rowsPerFigure = try f.value("rowsPerFigure", default: rowsPerFigure) { try $0.integer(atLeast: 1) }
        }
    }

    public var json: JSONValue {
        .object([("images", JSONValue(images)), ("trials", JSONValue(trials)), ("noiseSeed", JSONValue(noiseSeed)),
                 ("objectThreshold", JSONValue(objectThreshold)), ("rowsPerFigure", JSONValue(rowsPerFigure))])
    }
}

/// Paper 001's section of a spec: its one key.
struct InvariantPerturbationSection: StudySection {
    var invariance: InvarianceSpec

    init(_ f: ObjectFields, file: String) throws {
        invariance = try InvarianceSpec(f.optional("invariance") ?? SpecReader(.object([]), path: "invariance", file: file))
    }

    var json: [(key: String, value: JSONValue)] { [("invariance", invariance.json)] }
}

extension ExperimentSpec {
    /// Paper 001's `invariance`; the defaults for a spec of another study.
    public var invariance: InvarianceSpec { (section as? InvariantPerturbationSection)?.invariance ?? InvarianceSpec() }
}
