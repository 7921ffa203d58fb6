import XCTest
@testable import Experiments

/// Per-epoch CSVs of hand-made members drawn as mean curves with interval bands.
final class CurveAggregateTests: XCTestCase {
    func testDriftSummaryBecomesOneFigurePerMethodAndMetricWithALinePerGroup() throws {
        func member(_ shift: Double) -> [[String]] {
            var rows = [["method", "group", "epoch", "metric", "count", "mean", "std"]]
            for method in ["saliency", "grad-cam", "ig"] {
                for group in ["A", "B"] {
                    for metric in ["ssim", "spearman"] {
                        for epoch in 1...3 { rows.append([method, group, String(epoch), metric, "4", String(Double(epoch) + shift), "0.5"]) }
                    }
                }
            }
            return rows
        }
        let curves = CurveAggregate(file: "drift/summary.csv",
                                    points: [.init(label: "", tables: [("seed-0", member(0)), ("seed-1", member(1)), ("seed-2", member(2))])])
        let charts = curves.charts()
        XCTAssertEqual(charts.map(\.stem), ["drift-summary-mean-saliency-ssim", "drift-summary-mean-saliency-spearman",
                                            "drift-summary-mean-grad-cam-ssim", "drift-summary-mean-grad-cam-spearman",
                                            "drift-summary-mean-ig-ssim", "drift-summary-mean-ig-spearman"],
                       "count and std of a summary are not pooled; group names the lines (fewest values, the first on a tie)")
        let chart = charts[0].chart
        XCTAssertEqual(chart.series.map(\.name), ["A", "B"])
        // Epoch 1: values 1, 2, 3 → mean 2, σ 1, half-width t_{0.975, 2} / √3 = 2.4842.
        XCTAssertEqual(chart.series[0].x, [1, 2, 3])
        XCTAssertEqual(chart.series[0].y, [2, 3, 4])
        let band = try XCTUnwrap(chart.series[0].band)
        XCTAssertEqual(band.upper[0] - 2, 4.302653 / 3.0.squareRoot(), accuracy: 1e-5)
        XCTAssertEqual(band.lower[0] + band.upper[0], 4, accuracy: 1e-12)
    }

    func testPerSampleFilesAreNotCurves() {
        XCTAssertFalse(CurveAggregate.isCurveFile(header: ["epoch", "row", "group", "ssim"]))
        XCTAssertTrue(CurveAggregate.isCurveFile(header: ["epoch", "lr", "train_loss"]))
        XCTAssertFalse(CurveAggregate.isCurveFile(header: ["state", "pearson"]))
    }
}
