/// 8-bit RGB pixels, row-major: what heatmaps, colorbars and image-grid cells hand to the
/// canvas to be drawn one flat colour per element.
struct Raster {
    let width: Int
    let height: Int
    var rgb: [UInt8]

    init(width: Int, height: Int, rgb: [UInt8]) {
        self.width = width
        self.height = height
        self.rgb = rgb
    }

    /// One pixel per cell of `grid`, coloured by `colormap` over `range`.
    init(_ grid: Grid2D, colormap: Colormap, range: ClosedRange<Double>) {
        var rgb: [UInt8] = []
        rgb.reserveCapacity(grid.values.count * 3)
        for v in grid.values { rgb += colormap.color(for: v, in: range).rgb8 }
        self.init(width: grid.cols, height: grid.rows, rgb: rgb)
    }

    /// Each pixel repeated `factor` times across and down.
    func enlarged(by factor: Int) -> Raster {
        guard factor > 1 else { return self }
        var out = [UInt8](repeating: 0, count: width * height * factor * factor * 3)
        let w = width * factor
        for y in 0..<height * factor {
            for x in 0..<w {
                let from = ((y / factor) * width + x / factor) * 3, to = (y * w + x) * 3
                out[to] = rgb[from]
                out[to + 1] = rgb[from + 1]
                out[to + 2] = rgb[from + 2]
            }
        }
        return Raster(width: w, height: height * factor, rgb: out)
    }
}
