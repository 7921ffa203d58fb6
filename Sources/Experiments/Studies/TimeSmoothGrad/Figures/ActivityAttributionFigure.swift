import Attribution
import Datasets
import Figures
import Foundation
import Tensors

/// Fig. 3 on PAMAP2: the mean map of each method per activity of the test
///     subject, rows = input channels, columns = activities (0 = transitions), as
///     figures/activity-attribution.png (Time-Smoothgrad) and
///     figures/activity-attribution-<method>.png (the other methods), with every number in
///     tables/activity-attribution.csv.
///
/// The heatmaps show ∂y/∂x_d · σ_x,d/σ_y: the stored maps are on the raw scale, but PAMAP2's
/// channels have different units (°C, m/s², rad/s, μT), so a raw derivative favours channels
/// with a small spread; per standard deviation of each channel they can be compared. The CSV
/// keeps both scales.
enum ActivityAttributionFigure {
    static func draw(_ canvas: inout FigureCanvas, data s: PAMAP2DataSpec) throws {
        let spec = canvas.spec, dir = canvas.directory
        guard !spec.attribution.isEmpty else { return }
        let reference = try ReferenceEpoch.read(dir)
        let data = try PAMAP2Data.read(from: dir)
        let channels = s.inputChannels
        let groups = data.stepsByActivity
        // From raw scale to per standard deviation: ∂y/∂x_d · σ_x,d / σ_y (a constant channel keeps scale 1).
        let perStd = data.standardization.inputStd.map { sx in (sx > 0 ? sx : 1) / (data.standardization.targetStd > 0 ? data.standardization.targetStd : 1) }
        let folder = RunDirectory.attributionFolder(epoch: reference.epoch)
        let primary = spec.attribution.first { $0.name == "time-smoothgrad" }?.name ?? spec.attribution[0].name
        var csv = "method,channel,activity,test_steps,mean_raw,mean_per_std\n"
        for method in spec.attribution {
            let maps = try dir.readArray("\(folder)/\(method.name).npy")  // (test steps, channels)
            guard maps.shape.dims == [data.activities.count, channels.count] else {
                throw RunError.stageFailed(stage: "figures", reason: "\(folder)/\(method.name).npy is \(maps.shape), expected "
                                           + "[\(data.activities.count), \(channels.count)]")
            }
            // mean_a(d) = (1/|a|) Σ_{t ∈ a} M_t,d over the test steps t of activity a.
            var means = [Double](repeating: 0, count: channels.count * groups.count)
            for (a, group) in groups.enumerated() {
                for d in 0..<channels.count {
                    let mean = group.steps.reduce(0.0) { $0 + Double(maps[$1, d]) } / Double(group.steps.count)
                    means[d * groups.count + a] = mean * perStd[d]
                    csv += "\(method.name),\(channels[d]),\(group.activity),\(group.steps.count),\(number(mean)),\(number(mean * perStd[d]))\n"
                }
            }
            let top = (0..<channels.count).max { magnitude(means, $0, groups.count)
                < magnitude(means, $1, groups.count) }!
            canvas.progress(.note("\(method.name): largest mean |attribution| per std on \(channels[top])"))

            let heatmap = Heatmap(
                title: "Mean \(label(method)) per activity (\(s.target), test subject \(s.testSubject), epoch \(reference.epoch))",
                xLabel: "activity (0 = transitions)", yLabel: "input channel", values: Grid2D(rows: channels.count, cols: groups.count, values: means),
                colors: .diverging, colorbarLabel: "∂y/∂x · σ_x/σ_y",
                rowLabels: channels, columnLabels: groups.map { "\($0.activity) \(PAMAP2.activityNames[$0.activity] ?? "")" },
                rowSeparators: unitBoundaries(channels))
            try canvas.save(heatmap, method.name == primary ? "activity-attribution" : "activity-attribution-\(method.name)",
                            FigureSpec(width: 7.2, height: 2.4 + 0.19 * Double(channels.count), dpi: Double(spec.dpi)))
        }
        try dir.write(csv, to: "tables/activity-attribution.csv")
        canvas.record("tables/activity-attribution.csv")
    }

    /// The method as the paper writes it.
    static func label(_ method: AttributionSpec) -> String {
        if let t = method.method as? TimeSmoothGrad { return "Time-Smoothgrad (k = \(t.window))" }
        return method.name
    }

    /// Σ_a |mean_a(d)|: how much channel d matters over all activities.
    static func magnitude(_ means: [Double], _ d: Int, _ activities: Int) -> Double {
        (0..<activities).reduce(0.0) { $0 + abs(means[d * activities + $1]) }
    }

    /// Row indices after which the sensor unit (hand, ankle, …) changes.
    static func unitBoundaries(_ channels: [String]) -> [Int] {
        let units = channels.map { $0.split(separator: ".").first.map(String.init) ?? $0 }
        return (0..<max(0, units.count - 1)).filter { units[$0] != units[$0 + 1] }
    }
}
