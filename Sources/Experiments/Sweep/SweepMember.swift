/// One member of a sweep: the base spec with one value of every swept key, an ordinary run in
/// `members/<name>/` of the sweep folder.
public struct SweepMember {
    /// "seed-3", "seed-3_training.optimizer.lr-0.01": each key with its value's label, in the
    /// sweep's key order, joined by "_".
    public let name: String
    /// The member's value of every swept key, in the sweep's key order.
    public let values: [(key: String, value: JSONValue)]
    /// The member's spec as a document: the base spec with `values` set, no sweep section.
    /// Written to `specs/<name>.json`; a plain `driftlab run` of that file is this member.
    public let document: SpecDocument
    public let spec: ExperimentSpec

    /// Each value's label (`SweepAxis.labels`), in the same order.
    public let labels: [String]

    /// The member's values of the keys other than the replicate key (`seed`): the members
    /// sharing them are one grid point, pooled by the aggregate.
    public var gridValues: [(key: String, value: JSONValue)] { values.filter { $0.key != SweepAxis.replicateKey } }

    /// "training.optimizer.lr-0.01", or "" when only seeds are swept.
    public var gridPoint: String {
        SweepMember.name(zip(values, labels).filter { $0.0.key != SweepAxis.replicateKey }.map { ($0.0.key, $0.1) })
    }

    /// Keys with their labels, "key-label" joined by "_".
    static func name(_ parts: [(key: String, label: String)]) -> String {
        parts.map { "\($0.key)-\($0.label)" }.joined(separator: "_")
    }
}
