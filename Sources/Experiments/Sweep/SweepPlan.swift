/// A sweep read from a spec document and the command line: its members, every one checked as
/// a full spec before any runs, and the executor it asks for.
public struct SweepPlan {
    /// The base spec's name: the sweep's folder is results/<name>.
    public let name: String
    public let sweep: SweepSpec
    public let executor: ExecutorSpec
    /// In grid order (the first key varying slowest).
    public let members: [SweepMember]

    /// The document without its `sweep` and `executor` sections: what every member starts from.
    public static func baseDocument(_ document: SpecDocument) -> SpecDocument {
        SpecDocument(file: document.file, root: document.root.removing(SweepSpec.sectionKey).removing(ExecutorSpec.sectionKey))
    }

    /// The plan of `document` (overrides applied) with the command line's axes added, or nil
    /// when nothing is swept. Throws the first invalid key or value, located at its place in
    /// the sweep ("sweep.training.optimizer.lr[1]"), before anything has run.
    public static func read(_ document: SpecDocument, commandLine: [SweepAxis] = []) throws -> SweepPlan? {
        let reader = document.reader
        var sweep = SweepSpec()
        var executor = ExecutorSpec()
        if case .object(let entries) = reader.value {
            if let value = entries.first(where: { $0.key == SweepSpec.sectionKey })?.value {
                sweep = try SweepSpec(SpecReader(value, path: SweepSpec.sectionKey, file: document.file))
            }
            if let value = entries.first(where: { $0.key == ExecutorSpec.sectionKey })?.value {
                executor = try ExecutorSpec(SpecReader(value, path: ExecutorSpec.sectionKey, file: document.file))
            }
        }
        for axis in commandLine { sweep.add(axis) }
        guard !sweep.isEmpty else { return nil }
        let base = baseDocument(document)
        for axis in sweep.axes { try check(axis, base: base) }
        var members: [SweepMember] = []
        for combination in sweep.combinations {
            let values = zip(sweep.axes, combination).map { (key: $0.key, value: $0.values[$1]) }
            let labels = zip(sweep.axes, combination).map { $0.labels[$1] }
            let name = SweepMember.name(zip(values, labels).map { ($0.key, $1) })
            var member = base
            for (key, value) in values { try member.set(key, to: value) }
            let spec: ExperimentSpec
            do { spec = try ExperimentSpec(member.reader) } catch let error as SpecError {
                throw SpecError(file: document.file, path: SweepSpec.sectionKey, "member \(name) is not a valid spec: \(error)")
            }
            members.append(SweepMember(name: name, values: values, document: member, spec: spec, labels: labels))
        }
        let name = try ExperimentSpec(members[0].document.reader).name
        return SweepPlan(name: name, sweep: sweep, executor: executor, members: members)
    }

    /// Each value of `axis` set alone on the base spec must give a valid spec; an error about
    /// the swept key (or a field on its path) is reported at the value's place in the sweep, at
    /// the key itself when every value fails (a key the spec does not have).
    static func check(_ axis: SweepAxis, base: SpecDocument) throws {
        let path = SweepSpec.sectionKey + "." + axis.key
        var failures: [(index: Int, error: SpecError)] = []
        for (i, value) in axis.values.enumerated() {
            var member = base
            do {
                try member.set(axis.key, to: value)
            } catch let error as SpecError {
                throw SpecError(file: axis.file, path: path, error.message)
            }
            do { _ = try ExperimentSpec(member.reader) } catch let error as SpecError {
                guard concerns(error.path, axis.key) else { throw error }
                failures.append((i, error))
            }
        }
        guard let first = failures.first else { return }
        let message = first.error.path == axis.key ? first.error.message : "\(first.error.path): \(first.error.message)"
        if failures.count == axis.values.count && axis.values.count > 1 {
            throw SpecError(file: axis.file, path: path, "no value of this key gives a valid spec; for \(axis.values[0]): \(message)")
        }
        throw SpecError(file: axis.file, path: "\(path)[\(first.index)]", message)
    }

    /// Whether an error at `errorPath` is about the swept `key`: at it, inside it, or at a
    /// field on the way to it (an unknown key "training.optimiser" for "training.optimiser.lr").
    static func concerns(_ errorPath: String, _ key: String) -> Bool {
        func within(_ a: String, _ b: String) -> Bool { a == b || a.hasPrefix(b + ".") || a.hasPrefix(b + "[") }
        return within(errorPath, key) || (!errorPath.isEmpty && within(key, errorPath))
    }
}
