import Figures
import Tensors

/// Fig. 6: one row per explained image — the input (gray), its w map (0…1, high = the pixel
/// tolerates large noise, does not contribute) and every other method's map as |m| / max|m|
/// (channels summed first), on one viridis scale. `invariance.rowsPerFigure` rows a page:
/// figures/fig6-maps-1.png, -2, …
enum InvarianceMapsFigure {
    static func draw(_ canvas: inout FigureCanvas) throws {
        let spec = canvas.spec, dir = canvas.directory
        let samples = try InvariantPerturbationArtifacts.samples.read(in: dir)
        let inputs = try InvariantPerturbationArtifacts.inputs(images: samples.count).read(in: dir)
        let perturbation = InvariantPerturbationStudy.perturbationEntry(spec)!.name  // validation asked for one
        let others = spec.attribution.map(\.name).filter { $0 != perturbation }
        let w = try InvariantPerturbationArtifacts.maps(method: perturbation, images: samples.count).read(in: dir)
        let maps = try others.map { try InvariantPerturbationArtifacts.maps(method: $0, images: samples.count).read(in: dir) }
        let (c, h, width) = (inputs.shape[1], inputs.shape[2], inputs.shape[3])
        // The input as the channel mean, black…white over the explained images' range.
        let gray = (0..<samples.count).map { i in
            (0..<(h * width)).map { p in (0..<c).reduce(0.0) { $0 + Double(inputs.data[(i * c + $1) * h * width + p]) } / Double(c) }
        }
        let (low, high) = (gray.joined().min() ?? 0, gray.joined().max() ?? 1)
        let grayRange = low...max(high, low + 1e-6)
        let perPage = spec.invariance.rowsPerFigure
        for (page, start) in stride(from: 0, to: samples.count, by: perPage).enumerated() {
            let items = start..<min(start + perPage, samples.count)
            var cells: [[CellImage]] = [], titles: [String] = []
            for i in items {
                let input = Grid2D(rows: h, cols: width, values: gray[i])
                let amplitude = Grid2D(rows: h, cols: width, values: (0..<(h * width)).map { Double(w.data[i * h * width + $0]) })
                cells.append([.gray(input), .heatmap(amplitude)] + maps.map { .heatmap(MapHeatmap.normalized($0, item: i, absolute: true)) })
                titles.append("row \(try samples.int(i, "row")), class \(try samples.int(i, "label"))")
            }
            try canvas.save(ImageGrid(title: "\(spec.name): input, noise amplitude w, other maps",
                                      rowTitles: titles, columnTitles: ["input", "w"] + others,
                                      cells: cells, colors: ColorScale(colormap: .viridis, range: 0...1), grayRange: grayRange,
                                      colorbarLabel: "w; other maps |m| / max|m|"),
                            "fig6-maps-\(page + 1)",
                            canvas.page(width: 1.9 + 1.1 * Double(2 + others.count), height: 0.9 + 1.1 * Double(items.count)))
        }
    }
}
