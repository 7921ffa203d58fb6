import Foundation

/// drift/<method>.csv read back and averaged per group and epoch.
struct DriftSummary {
    struct Point { var ssim: [Double] = []; var spearman: [Double] = []; var ssimPrevious: [Double] = []; var spearmanPrevious: [Double] = [] }
    /// [group][epoch] → values over the group's samples ("all" holds every sample).
    var points: [String: [Int: Point]] = [:]

    /// `method`'s drift table, read back.
    init(method: String, in directory: RunDirectory) throws {
        let rows = try OvertrainingArtifacts.drift(method: method).read(in: directory)
        for i in 0..<rows.count {
            let epoch = try rows.int(i, "epoch")
            let group = try rows.string(i, "group")
            for g in [group, "all"] {
                var p = points[g, default: [:]][epoch, default: Point()]
                func add(_ column: String, _ list: inout [Double]) { if let v = try? rows.double(i, column) { list.append(v) } }
                add("ssim", &p.ssim); add("spearman", &p.spearman)
                add("ssim_previous", &p.ssimPrevious); add("spearman_previous", &p.spearmanPrevious)
                points[g, default: [:]][epoch] = p
            }
        }
    }

    func mean(_ group: String, _ epoch: Int, _ value: KeyPath<Point, [Double]>) -> Double? {
        guard let list = points[group]?[epoch]?[keyPath: value], !list.isEmpty else { return nil }
        return list.reduce(0, +) / Double(list.count)
    }

    func series(_ group: String, _ epochs: [Int], _ value: KeyPath<Point, [Double]>) -> (x: [Double], y: [Double]) {
        let pairs = epochs.compactMap { e in mean(group, e, value).map { (Double(e), $0) } }
        return (pairs.map(\.0), pairs.map(\.1))
    }
}
