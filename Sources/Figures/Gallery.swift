import Foundation

/// One example of every figure kind, on synthetic data: what `driftlab figures-demo` writes
/// and what a reader checks the defaults against.
public enum Gallery {
    public struct Item {
        public let file: String
        public let figure: any Figure
        public let spec: FigureSpec
    }

    /// The figures, with file names (the line chart also as SVG and PDF).
    public static func figures() -> [Item] {
        var random = GalleryData.Random(seed: 7)
        let wide = FigureSpec(width: 6.4, height: 4.0)
        let line = lineChart(&random)
        return [
            Item(file: "line-chart.png", figure: line, spec: wide),
            Item(file: "line-chart.svg", figure: line, spec: wide),
            Item(file: "line-chart.pdf", figure: line, spec: wide),
            Item(file: "line-chart-log.png", figure: logChart(&random), spec: wide),
            Item(file: "bar-chart.png", figure: barChart(&random), spec: wide),
            Item(file: "scatter-tsne.png", figure: scatter(&random), spec: FigureSpec(width: 6.4, height: 5.0)),
            Item(file: "heatmap-sequential.png", figure: sequentialHeatmap(&random), spec: FigureSpec(width: 5.6, height: 4.6)),
            Item(file: "heatmap-diverging.png", figure: divergingHeatmap(&random), spec: wide),
            Item(file: "image-grid-epochs.png", figure: epochGrid(&random), spec: FigureSpec(width: 6.4, height: 4.2)),
            Item(file: "image-grid-overlays.png", figure: overlayGrid(&random), spec: FigureSpec(width: 6.4, height: 3.2)),
        ]
    }

    /// Raw maps, one pixel per element: 8-bit gray, 16-bit gray, viridis RGB.
    public static func rawMaps() throws -> [(file: String, image: PNGImage)] {
        var random = GalleryData.Random(seed: 11)
        let map = GalleryData.attribution(size: 64, sample: 0, focus: 0.7, signed: false, random: &random)
        return [
            ("raw-map-gray8.png", try RawMap.gray(map, bitDepth: 8, name: "raw-map-gray8.png")),
            ("raw-map-gray16.png", try RawMap.gray(map, bitDepth: 16, name: "raw-map-gray16.png")),
            ("raw-map-viridis.png", try RawMap.colormapped(map, colormap: .viridis, name: "raw-map-viridis.png")),
        ]
    }

    /// Writes every gallery file into `folder` and returns their URLs in order.
    public static func write(to folder: URL) throws -> [URL] {
        var written: [URL] = []
        for item in figures() {
            let url = folder.appendingPathComponent(item.file)
            try item.figure.write(to: url, spec: item.spec)
            written.append(url)
        }
        for (file, image) in try rawMaps() {
            let url = folder.appendingPathComponent(file)
            try image.write(to: url)
            written.append(url)
        }
        return written
    }

    private static func lineChart(_ random: inout GalleryData.Random) -> LineChart {
        let epochs = 30
        let x = (1...epochs).map(Double.init)
        let methods: [(String, Double, Double, Marker)] = [
            ("Gradient", 0.08, 0.82, .circle), ("Integrated Gradients", 0.14, 0.9, .square), ("SmoothGrad", 0.22, 0.95, .triangle),
        ]
        let series = methods.map { name, rate, ceiling, marker in
            let d = GalleryData.drift(epochs: epochs, rate: rate, ceiling: ceiling, seeds: 5, random: &random)
            return LineSeries(name, x: x, y: d.mean, marker: marker, band: (d.low, d.high))
        }
        return LineChart(title: "Attribution similarity to the final model", xLabel: "epoch", yLabel: "SSIM to epoch 30",
                         series: series, markers: [VerticalMarker(x: 10, label: "reference epoch"),
                                                   VerticalMarker(x: 20, label: "learning-rate drop")])
    }

    private static func logChart(_ random: inout GalleryData.Random) -> LineChart {
        let steps = (0..<60).map { Double($0) * 50 }
        let train = steps.map { 2.3 * exp(-$0 / 450) + 0.004 * exp(0.15 * random.normal()) }
        let test = steps.map { 2.3 * exp(-$0 / 520) + 0.03 + 0.002 * random.normal() }
        return LineChart(title: "Loss across a distribution shift", xLabel: "training step", yLabel: "cross-entropy loss",
                         series: [LineSeries("train", x: steps, y: train), LineSeries("test", x: steps, y: test, dashed: true)],
                         yScale: .log, markers: [VerticalMarker(x: 1500, label: "state A → B")])
    }

    private static func barChart(_ random: inout GalleryData.Random) -> BarChart {
        let methods = ["Gradient", "Grad × Input", "Integrated Gradients", "SmoothGrad", "Occlusion"]
        let models: [(String, Double)] = [("MLP", 0.55), ("MNIST CNN", 0.68), ("ResNet-18", 0.74)]
        let series = models.map { name, base in
            let values = methods.indices.map { min(0.97, base + 0.05 * Double($0 % 3) + 0.03 * random.normal()) }
            let spread = methods.indices.map { _ in 0.02 + 0.03 * random.next() }
            return BarSeries(name, values: values, lower: zip(values, spread).map { $0 - $1 },
                             upper: zip(values, spread).map { min(1, $0 + $1) })
        }
        return BarChart(title: "Rank agreement between seeds (min–max over 5)", yLabel: "Spearman ρ",
                        groups: methods, series: series)
    }

    private static func scatter(_ random: inout GalleryData.Random) -> ScatterPlot {
        var x: [Double] = [], y: [Double] = [], classes: [Int] = []
        for k in 0..<10 {
            let angle = Double(k) / 10 * 2 * Double.pi
            let cx = 30 * cos(angle) + 4 * random.normal(), cy = 30 * sin(angle) + 4 * random.normal()
            for _ in 0..<60 {
                x.append(cx + 4.5 * random.normal())
                y.append(cy + 4.5 * random.normal())
                classes.append(k)
            }
        }
        return ScatterPlot(title: "t-SNE of penultimate-layer features", xLabel: "t-SNE 1", yLabel: "t-SNE 2",
                           x: x, y: y, categories: classes, categoryNames: (0..<10).map { "digit \($0)" })
    }

    private static func sequentialHeatmap(_ random: inout GalleryData.Random) -> Heatmap {
        let epochs = [1, 2, 3, 5, 8, 10, 15, 20, 25, 30]
        let grid = Grid2D(rows: epochs.count, cols: epochs.count) { r, c in
            let d = abs(log(Double(epochs[r])) - log(Double(epochs[c])))
            return min(1, max(0, exp(-0.9 * d) - 0.02 * abs(random.normal())))
        }
        let labels = epochs.map { "\($0)" }
        return Heatmap(title: "SSIM between epoch snapshots", xLabel: "epoch", yLabel: "epoch", values: grid,
                       colorbarLabel: "mean SSIM", rowLabels: labels, columnLabels: labels)
    }

    private static func divergingHeatmap(_ random: inout GalleryData.Random) -> Heatmap {
        let layers = ["conv1", "conv2", "conv3", "fc1", "fc2"]
        let steps = 24
        let grid = Grid2D(rows: layers.count, cols: steps) { r, c in
            let state = c < 8 ? 0.0 : c < 16 ? 1.0 : -0.6
            return state * (0.4 + 0.15 * Double(r)) * sin(Double(c) * 0.4 + Double(r)) + 0.12 * random.normal()
        }
        return Heatmap(title: "Mean signed attribution per layer across states", xLabel: "evaluation step",
                       values: grid, colors: .diverging, colorbarLabel: "attribution", rowLabels: layers,
                       rowSeparators: [2], columnSeparators: [7, 15])
    }

    private static func epochGrid(_ random: inout GalleryData.Random) -> ImageGrid {
        let epochs = [1, 3, 10, 30]
        let rows = (0..<4).map { sample -> [CellImage] in
            let image = GalleryData.strokeImage(size: 28, sample: sample)
            // Early saliency is noise; later it settles on the stroke.
            return [.gray(image)] + epochs.indices.map { e in
                let focus = Double(e) / 3
                return .heatmap(Grid2D(rows: 28, cols: 28) { r, c in
                    abs(focus * image[r, c] + (1 - focus) * 0.25 * random.normal())
                })
            }
        }
        return ImageGrid(title: "Saliency of four samples over training", rowTitles: (1...4).map { "sample \($0)" },
                         columnTitles: ["input"] + epochs.map { "epoch \($0)" }, cells: rows, colorbarLabel: "|gradient|")
    }

    private static func overlayGrid(_ random: inout GalleryData.Random) -> ImageGrid {
        let methods = ["Gradient", "SmoothGrad", "Integrated Gradients"]
        let cells = methods.indices.map { m in
            (0..<5).map { s -> CellImage in
                let heat = GalleryData.attribution(size: 32, sample: s, focus: 0.3 + 0.3 * Double(m), signed: true, random: &random)
                return .overlay(base: .rgb(GalleryData.sceneImage(size: 32, sample: s)), heat: heat, alpha: 0.85)
            }
        }
        return ImageGrid(title: "Methods × samples, signed attribution over the input", rowTitles: methods,
                         columnTitles: (1...5).map { "sample \($0)" }, cells: cells, colors: .diverging,
                         colorbarLabel: "attribution")
    }
}
