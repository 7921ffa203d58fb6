/// What one cell of an image grid shows.
public indirect enum CellImage: Sendable {
    /// Grayscale; the grid's `grayRange` maps to black…white.
    case gray(Grid2D)
    case rgb(RGBImage)
    /// Values coloured by the grid's colour scale.
    case heatmap(Grid2D)
    /// A heatmap painted over a gray or RGB image, at most `alpha` opaque (see
    /// ImageGrid.overlayBlend); sizes must match.
    case overlay(base: CellImage, heat: Grid2D, alpha: Double)
    /// Nothing (a blank cell in a ragged grid).
    case empty

    /// Heat values the colour scale must span.
    var heatValues: [Double] {
        switch self {
        case let .heatmap(grid), let .overlay(_, grid, _): return grid.values
        default: return []
        }
    }

    /// Pixel size (cols, rows), nil for an empty cell.
    var size: (width: Int, height: Int)? {
        switch self {
        case let .gray(g), let .heatmap(g): return (g.cols, g.rows)
        case let .rgb(image): return (image.cols, image.rows)
        case let .overlay(base, _, _): return base.size
        case .empty: return nil
        }
    }

    func problem(_ what: String) -> String? {
        switch self {
        case let .gray(g): return g.problem(what)
        case let .heatmap(g): return g.problem(what)
        case let .rgb(image): return image.problem(what)
        case .empty: return nil
        case let .overlay(base, heat, alpha):
            switch base {
            case .gray, .rgb: break
            default: return "\(what) overlays a heatmap on something other than a gray or RGB image"
            }
            if let p = base.problem("\(what)'s image") ?? heat.problem("\(what)'s heatmap") { return p }
            if heat.rows != base.size!.height || heat.cols != base.size!.width {
                return "\(what)'s heatmap is \(heat.rows) × \(heat.cols) but its image is \(base.size!.height) × \(base.size!.width)"
            }
            if !(alpha >= 0 && alpha <= 1) { return "\(what) has overlay opacity \(alpha), outside 0…1" }
            return nil
        }
    }

    /// The cell's pixels (call after `problem` returned nil and for non-empty cells).
    func raster(grayRange: ClosedRange<Double>, colors: ColorScale, range: ClosedRange<Double>,
                blend: OverlayBlend) -> Raster {
        switch self {
        case let .gray(g):
            return Raster(g, colormap: .gray, range: grayRange)
        case let .rgb(image):
            return Raster(width: image.cols, height: image.rows,
                          rgb: image.values.map { UInt8((min(max($0, 0), 1) * 255).rounded()) })
        case let .heatmap(g):
            return Raster(g, colormap: colors.colormap, range: range)
        case let .overlay(base, heat, alpha):
            let under = base.raster(grayRange: grayRange, colors: colors, range: range, blend: blend)
            var rgb = under.rgb
            for i in heat.values.indices {
                let v = heat.values[i]
                let c = colors.colormap.color(for: v, in: range)
                let b = Color(red: Double(rgb[3 * i]) / 255, green: Double(rgb[3 * i + 1]) / 255, blue: Double(rgb[3 * i + 2]) / 255)
                rgb.replaceSubrange(3 * i..<3 * i + 3, with: c.over(b, alpha: alpha * blend.strength(v, colors, range)).rgb8)
            }
            return Raster(width: under.width, height: under.height, rgb: rgb)
        case .empty:
            return Raster(width: 1, height: 1, rgb: [255, 255, 255])
        }
    }
}

/// How opaque an overlay's heat is at each pixel.
public enum OverlayBlend: Sendable {
    /// The cell's `alpha` everywhere.
    case constant
    /// `alpha` × the value's strength: |v| / limit on symmetric scales, the fraction of the
    /// range above its low end otherwise. Weak attribution leaves the image visible.
    case byMagnitude

    func strength(_ v: Double, _ colors: ColorScale, _ range: ClosedRange<Double>) -> Double {
        guard self == .byMagnitude else { return 1 }
        let span = range.upperBound - range.lowerBound
        guard span > 0 else { return 1 }
        let f = colors.symmetric ? abs(v) / max(abs(range.lowerBound), abs(range.upperBound)) : (v - range.lowerBound) / span
        return min(max(f, 0), 1)
    }
}
