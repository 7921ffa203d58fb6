/// `data` for wearable-sensor recordings (paper 004): DSADS and MHEALTH from `directory`, or
/// `synthetic-har`, which writes files in one of those formats first so the real loaders run.
public struct SensorDataSpec: SpecSection {
    public enum Source: String, CaseIterable { case dsads, mhealth, syntheticHAR = "synthetic-har" }

    public var source: Source
    public var directory: String
    /// synthetic-har: which published format to write and read.
    public var format = Format.dsads
    public enum Format: String, CaseIterable, Sendable { case dsads, mhealth }
    /// Channel prefixes (METHODS.md: right-arm and left-leg accelerometers for DSADS,
    /// right-lower-arm and left-ankle for MHEALTH).
    public var channels: [String] = []
    public var rate = 30.0
    public var window = 30
    public var overlap = 0.5
    /// "none" keeps inputs in g, as paper 004's thresholds (0.3 g sine, th_aap 1.5 g, th_fail
    /// 10 g) and its shared filters (one scale for every axis) need; "per-axis" standardises
    /// every axis with the training subjects' mean and σ.
    public var normalization = Normalization.none
    /// "per-axis": each axis standardised with training statistics.
    public enum Normalization: String, CaseIterable, Sendable { case none, perAxis = "per-axis" }
    public var trainSubjects: [Int] = []
    public var validationSubjects: [Int] = []
    public var testSubjects: [Int] = []
    /// synthetic-har sizes.
    public var activities = 6
    public var subjects = 8
    public var seconds = 20.0

    public init(_ reader: SpecReader) throws {
        guard case .string(let kind)? = reader.value["kind"], let source = Source(rawValue: kind) else {
            throw reader.error("not a sensor dataset")
        }
        self.source = source
        directory = "data/" + kind
        try reader.fields { f in
            f.allow("kind")
            if source == .syntheticHAR {
                format = try f.value("format", default: format) { try $0.choice(Format.self) }
                activities = try f.value("activities", default: activities) { try $0.integer(atLeast: 2, atMost: 19) }
                subjects = try f.value("subjects", default: subjects) { try $0.integer(atLeast: 3, atMost: 10) }
                seconds = try f.value("seconds", default: seconds) { try $0.number(greaterThan: 1) }
            } else {
                directory = try f.value("directory", default: directory) { try $0.string() }
            }
            let dsads = source == .dsads || (source == .syntheticHAR && format == .dsads)
            channels = try f.value("channels", default: dsads ? ["right-arm.acc", "left-leg.acc"] : ["right-lower-arm.acc", "left-ankle.acc"]) {
                try $0.list { try $0.string() }
            }
            rate = try f.value("rate", default: rate) { try $0.number(greaterThan: 0) }
            window = try f.value("window", default: window) { try $0.integer(atLeast: 13) }
            overlap = try f.value("overlap", default: overlap) { try $0.number(atLeast: 0, atMost: 0.95) }
            normalization = try f.value("normalization", default: normalization) { try $0.choice(Normalization.self) }
            let people = source == .syntheticHAR ? subjects : (dsads ? 8 : 10)
            // DSADS: train 1–5, validation 6, test 7–8; MHEALTH: 1–7, 8, 9–10 (METHODS.md).
            // Both datasets: the last two subjects test, the one before validates, the rest train.
            trainSubjects = try f.value("trainSubjects", default: Array(1...(people - 3))) { try $0.list { try $0.integer(atLeast: 1) } }
            validationSubjects = try f.value("validationSubjects", default: [people - 2]) { try $0.list { try $0.integer(atLeast: 1) } }
            testSubjects = try f.value("testSubjects", default: [people - 1, people]) { try $0.list { try $0.integer(atLeast: 1) } }
        }
    }

    public var json: JSONValue {
        var fields: [(key: String, value: JSONValue)] = [("kind", .string(source.rawValue))]
        if source == .syntheticHAR {
            fields += [("format", JSONValue(format.rawValue)), ("activities", JSONValue(activities)), ("subjects", JSONValue(subjects)),
                       ("seconds", JSONValue(seconds))]
        } else {
            fields.append(("directory", JSONValue(directory)))
        }
        fields += [("channels", JSONValue(channels)), ("rate", JSONValue(rate)), ("window", JSONValue(window)),
                   ("overlap", JSONValue(overlap)), ("normalization", JSONValue(normalization.rawValue)), ("trainSubjects", JSONValue(trainSubjects)),
                   ("validationSubjects", JSONValue(validationSubjects)), ("testSubjects", JSONValue(testSubjects))]
        return .object(fields)
    }

    var isDSADSFormat: Bool { source == .dsads || (source == .syntheticHAR && format == .dsads) }
    /// Activity numbers as the files label them.
    public var activityIDs: [Int] {
        source == .syntheticHAR ? Array(1...activities) : (isDSADSFormat ? Array(1...19) : Array(1...12))
    }
    /// Axes per window: three per accelerometer prefix.
    public var axes: Int { channels.count * 3 }
}
