import Foundation
import Tensors

/// The folder of a sweep (docs/sweeps.md):
///
///     sweep.json             the members: names, values, grid points, spec hashes, stages
///     specs/<member>.json    each member's spec; `driftlab run` of it is the member
///     members/<member>/      each member's run folder (an ordinary run)
///     aggregate/             tables/ and figures/ over the members, per grid point
///     slurm/                 the sbatch scripts, the job ids and the tasks' logs
public struct SweepFolder {
    public let root: RunDirectory

    public init(_ root: URL) { self.root = RunDirectory(root) }

    public static let recordName = "sweep.json"

    public var record: URL { root.root.appendingPathComponent(SweepFolder.recordName) }
    public func specPath(_ member: String) -> String { "specs/\(member).json" }
    public func memberPath(_ member: String) -> String { "members/\(member)" }
    public func memberFolder(_ member: String) -> RunDirectory { root.subdirectory(memberPath(member)) }
    public var aggregate: RunDirectory { root.subdirectory("aggregate") }
    public var slurm: RunDirectory { root.subdirectory("slurm") }

    /// Writes sweep.json and every member's spec file, before any member runs. A folder that
    /// holds a plain run (a manifest.json at the top) is refused: the sweep would mix with it.
    public func prepare(_ plan: SweepPlan) throws {
        if root.exists("manifest.json") {
            throw SweepError.plainRunInTheWay(folder: root.root.relativePath)
        }
        try root.create()
        for member in plan.members {
            try root.write(member.document.root.serialized(pretty: true), to: specPath(member.name))
        }
        try root.write(try SweepRecord(plan).json.serialized(pretty: true), to: SweepFolder.recordName)
    }

    /// sweep.json read back: what `status` and `aggregate` work from.
    public func readRecord() throws -> SweepRecord {
        let data: Data
        do { data = try FileContents.read(record) } catch let error as FileContents.ReadError {
            throw SweepError.notASweep(folder: root.root.relativePath, reason: "its \(SweepFolder.recordName) \(error.problem)")
        }
        let tree: JSONValue
        do { tree = try JSONValue.parse(data) } catch {
            throw SweepError.notASweep(folder: root.root.relativePath, reason: "its \(SweepFolder.recordName) is not valid JSON: \(error)")
        }
        return try SweepRecord(SpecReader(tree, file: record.relativePath))
    }
}

/// Why a sweep command could not go on (exit 1; a bad sweep spec is a `SpecError`, exit 2).
public enum SweepError: Error, CustomStringConvertible {
    case plainRunInTheWay(folder: String)
    case notASweep(folder: String, reason: String)
    case membersFailed(names: [String], first: String)
    case membersMissing(names: [String])
    case slurm(String)

    public var description: String {
        switch self {
        case .plainRunInTheWay(let folder):
            return "\(folder) holds a plain run (manifest.json at its top), not a sweep; choose another --out for the sweep"
        case let .notASweep(folder, reason):
            return "\(folder) is not a sweep folder: \(reason)"
        case let .membersFailed(names, first):
            return "\(names.count) member\(names.count == 1 ? "" : "s") failed (\(names.joined(separator: ", "))); first: \(first)"
        case .membersMissing(let names):
            return "no finished member to aggregate yet; not finished: \(names.joined(separator: ", "))"
        case .slurm(let problem):
            return problem
        }
    }
}
