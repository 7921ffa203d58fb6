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
}
