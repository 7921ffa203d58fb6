import Datasets

/// `data` for paper 000 on real data (METHODS.md "Real data. PAMAP2"): regress one channel at
/// time t from other channels at time t, leave one subject out. `pamap2` reads `directory`;
/// `synthetic-pamap2` first writes PAMAP2-format files (`SyntheticPAMAP2`) so the same loader runs.
public struct PAMAP2DataSpec: SpecSection {
    public enum Source: String, CaseIterable { case pamap2, syntheticPAMAP2 = "synthetic-pamap2" }

    public var source: Source
    public var directory = "data/pamap2"
    /// The paper's eight subjects (109 has almost no protocol data).
    public var subjects = Array(101...108)
    /// The paper does not say which subject tests; the last of the eight.
    public var testSubject = 108
    /// The last part of every training subject's series validates (the paper's 7 training
    /// subjects all stay in training).
    public var validationFraction = 0.1
    /// The paper's target, named as `PAMAP2.channels` names it.
    public var target = "chest.mag.x"
    /// "All hand and ankle sensors": temperature, both accelerometers, gyroscope and
    /// magnetometer of each unit (the orientation columns are invalid and never loaded).
    public var inputs = ["hand", "ankle"]
    /// Samples per second after resampling (100 Hz as recorded; 30 keeps training short).
    public var rate = 30.0
    public var nan = NaNPolicy.interpolate
    /// synthetic-pamap2 sizes: activities per subject and seconds of each.
    public var activities = 5
    public var seconds = 12.0

    public init(_ reader: SpecReader) throws {
        guard case .string(let kind)? = reader.value["kind"], let source = Source(rawValue: kind) else {
            throw reader.error("not a PAMAP2 dataset")
        }
        self.source = source
        try reader.fields { f in
            f.allow("kind")
            if source == .syntheticPAMAP2 {
                activities = try f.value("activities", default: activities) {
                    try $0.integer(atLeast: 1, atMost: SyntheticPAMAP2.protocolActivities.count)
                }
                seconds = try f.value("seconds", default: seconds) { try $0.number(greaterThan: 1) }
            } else {
                directory = try f.value("directory", default: directory) { try $0.string() }
            }
            subjects = try f.value("subjects", default: subjects) { r in
                let list = try r.list { try $0.integer(atLeast: PAMAP2.subjects.first!, atMost: PAMAP2.subjects.last!) }
                guard list.count >= 2, Set(list).count == list.count else {
                    throw r.error("expected at least two different subjects (one tests, the others train)")
                }
                return list
            }
            testSubject = try f.value("testSubject", default: subjects.last!) { try $0.integer() }
            guard subjects.contains(testSubject) else {
                throw f.error("testSubject", "\(testSubject) is not one of subjects \(subjects)")
            }
            validationFraction = try f.value("validationFraction", default: validationFraction) { try $0.number(greaterThan: 0, atMost: 0.5) }
            target = try f.value("target", default: target) { try $0.choice(PAMAP2.channels) }
            inputs = try f.value("inputs", default: inputs) { r in
                let prefixes = try r.list { item -> String in
                    let prefix = try item.string()
                    guard PAMAP2DataSpec.channels(matching: [prefix]) != nil else {
                        throw item.error("\"\(prefix)\" selects none of the PAMAP2 channels \(PAMAP2.channels.joined(separator: ", "))")
                    }
                    return prefix
                }
                guard !prefixes.isEmpty else { throw r.error("expected at least one channel prefix") }
                return prefixes
            }
            guard !inputChannels.contains(target) else {
                throw f.error("inputs", "selects the target \(target); the target cannot be an input")
            }
            rate = try f.value("rate", default: rate) { try $0.number(greaterThan: 0, atMost: PAMAP2.sampleRate) }
            nan = try f.value("nan", default: nan) { NaNPolicy(rawValue: try $0.choice(NaNPolicy.allCases.map(\.rawValue)))! }
        }
    }

    public var json: JSONValue {
        var fields: [(key: String, value: JSONValue)] = [("kind", .string(source.rawValue))]
        if source == .syntheticPAMAP2 {
            fields += [("activities", JSONValue(activities)), ("seconds", JSONValue(seconds))]
        } else {
            fields.append(("directory", JSONValue(directory)))
        }
        fields += [("subjects", JSONValue(subjects)), ("testSubject", JSONValue(testSubject)),
                   ("validationFraction", JSONValue(validationFraction)), ("target", JSONValue(target)),
                   ("inputs", JSONValue(inputs)), ("rate", JSONValue(rate)), ("nan", JSONValue(nan.rawValue))]
        return .object(fields)
    }

    public var trainSubjects: [Int] { subjects.filter { $0 != testSubject } }

    /// The input channels the prefixes select, in the order the loader returns them.
    public var inputChannels: [String] { PAMAP2DataSpec.channels(matching: inputs) ?? [] }

    /// The PAMAP2 channels `prefixes` select (whole dot-separated parts, as the loader
    /// matches them), or nil when one prefix selects none.
    static func channels(matching prefixes: [String]) -> [String]? {
        let all = SensorRecording(samples: [Float](repeating: 0, count: PAMAP2.channels.count), channels: PAMAP2.channels,
                                  sampleRate: PAMAP2.sampleRate, labels: [0], subject: 0)
        return all.channelIndices(matching: prefixes).map { $0.map { PAMAP2.channels[$0] } }
    }
}
