/// `sweep.json`: what a sweep's members are, enough for `status` and `aggregate` to work from
/// the folder alone (members may have run on other machines). No times or hosts in it, so the
/// same sweep writes the same bytes wherever it is prepared.
public struct SweepRecord {
    public struct Member {
        public var name: String
        public var values: [(key: String, value: JSONValue)]
        /// `SweepMember.gridPoint`: "" when only seeds are swept.
        public var gridPoint: String
        /// sha256 of the member's resolved spec: a manifest with another hash is another run.
        public var specHash: String
        /// The member's stages in order: all of them in its manifest = finished.
        public var stages: [String]
    }

    public var name: String
    public var keys: [String]
    public var members: [Member]

    init(_ plan: SweepPlan) throws {
        name = plan.name
        keys = plan.sweep.axes.map(\.key)
        members = try plan.members.map { m in
            Member(name: m.name, values: m.values, gridPoint: m.gridPoint, specHash: SHA256.hex(m.spec.resolvedJSON),
                   stages: try m.spec.stages().map(\.name))
        }
    }

    init(_ reader: SpecReader) throws {
        (name, keys, members) = try reader.fields { f in
            (try f.required("name").string(), try f.required("keys").list { try $0.string() },
             try f.required("members").list { m in
                 try m.fields { g in
                     Member(name: try g.required("name").string(),
                            values: try g.required("values").fields { v in
                                guard case .object(let entries) = v.reader.value else { return [] }
                                for entry in entries { v.allow(entry.key) }
                                return entries
                            },
                            gridPoint: try g.required("gridPoint").string(), specHash: try g.required("specHash").string(),
                            stages: try g.required("stages").list { try $0.string() })
                 }
             })
        }
    }

    var json: JSONValue {
        .object([("name", .string(name)), ("keys", .array(keys.map(JSONValue.string))),
                 ("members", .array(members.map { m in
                     .object([("name", .string(m.name)), ("values", .object(m.values)), ("gridPoint", .string(m.gridPoint)),
                              ("specHash", .string(m.specHash)), ("stages", .array(m.stages.map(JSONValue.string)))])
                 }))])
    }

    /// The members sharing a grid point, in the order of their first member.
    public var gridPoints: [(label: String, members: [Member])] {
        var points: [(label: String, members: [Member])] = []
        for member in members {
            if let i = points.firstIndex(where: { $0.label == member.gridPoint }) { points[i].members.append(member) }
            else { points.append((member.gridPoint, [member])) }
        }
        return points
    }
}
