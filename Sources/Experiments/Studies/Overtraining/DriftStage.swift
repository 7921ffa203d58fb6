import Foundation
import Metrics
import Tensors

/// Paper 003's drift: every map of every selected sample at every snapshot epoch against the
/// same sample's map at the reference epoch — SSIM (MSSIM, Wang et al. 2004, with the paper's
/// C1 = (0.01 R)², C2 = (0.03 R)²) and Spearman's ρ over pixels — and, as the noise floor the
/// paper's numbers need beside them, against the previous snapshot epoch.
/// Writes drift/<method>.csv: epoch, row, group, ssim, spearman, ssim_previous, spearman_previous
/// (an empty cell where a map is constant, e.g. an all-zero Grad-CAM, and ρ is undefined, and
/// in the columns of a measure the spec's `metrics` does not list).
struct DriftStage: Stage {
    let name = "drift"

    func run(_ context: RunContext) throws -> [String] {
        let spec = context.spec, dir = context.directory
        let reference = try ReferenceEpoch.read(dir)
        let selection = try SampleSelection(in: dir)
        let epochs = SnapshotModel.epochs(spec)
        var written: [String] = []
        let (ssim, spearman) = (spec.metrics.contains(.ssim), spec.metrics.contains(.spearman))
        for method in spec.attribution {
            func maps(_ epoch: Int) throws -> Tensor {
                try OvertrainingArtifacts.maps(epoch: epoch, method: method.name, samples: selection.samples.count).read(in: dir)
            }
            let referenceMaps = try maps(reference.epoch)
            var previous: Tensor?
            let table = OvertrainingArtifacts.drift(method: method.name)
            var csv = table.header
            for epoch in epochs {
                let current = try maps(epoch)
                for (i, sample) in selection.samples.enumerated() {
                    let now = MapDrift.pair(current, referenceMaps, item: i, spec.drift, ssim: ssim, spearman: spearman)
                    let before = previous.map { MapDrift.pair(current, $0, item: i, spec.drift, ssim: ssim, spearman: spearman) }
                    csv += "\(epoch),\(sample.row),\(sample.group.rawValue),\(cell(now.ssim)),\(cell(now.spearman)),"
                        + "\(cell(before?.ssim)),\(cell(before?.spearman))\n"
                }
                previous = current
            }
            try dir.write(csv, to: table.path)
            written.append(table.path)
        }
        try dir.write(try spread(spec, epochs: epochs, in: dir), to: OvertrainingArtifacts.driftSummary.path)
        return written + [OvertrainingArtifacts.driftSummary.path]
    }

    /// Per method, group and epoch: mean, standard deviation, min and max of SSIM and Spearman.
    func spread(_ spec: ExperimentSpec, epochs: [Int], in dir: RunDirectory) throws -> String {
        var csv = OvertrainingArtifacts.driftSummary.header
        for method in spec.attribution {
            let summary = try DriftSummary(method: method.name, in: dir)
            for group in ["A", "B", "C", "all"] where summary.points[group] != nil {
                for epoch in epochs {
                    guard let point = summary.points[group]?[epoch] else { continue }
                    for (metric, values) in [("ssim", point.ssim), ("spearman", point.spearman)] where !values.isEmpty {
                        let s = try Summary(values)
                        csv += "\(method.name),\(group),\(epoch),\(metric),\(s.count),\(number(s.mean)),\(number(s.std)),\(number(s.min)),\(number(s.max))\n"
                    }
                }
            }
        }
        return csv
    }

    func cell(_ x: Double?) -> String { x.map(number) ?? "" }
}
