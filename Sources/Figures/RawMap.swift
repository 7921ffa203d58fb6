import Foundation

/// Maps as images with exactly one pixel per element, for readers who want the numbers rather
/// than a figure: 8- or 16-bit grayscale (value range → 0…max) or colormapped RGB.
public enum RawMap {
    /// Grayscale with `bitDepth` 8 or 16; `range` (default: the grid's min…max) maps to black…white.
    public static func gray(_ grid: Grid2D, bitDepth: Int = 8, range: ClosedRange<Double>? = nil,
                            name: String = "raw map") throws -> PNGImage {
        guard bitDepth == 8 || bitDepth == 16 else {
            throw FigureError(figure: name, reason: "bit depth must be 8 or 16, got \(bitDepth)")
        }
        let range = try checkedRange(grid, range, name)
        let top = Double(bitDepth == 8 ? 255 : 65535)
        let samples = grid.values.map { UInt16((fraction($0, range) * top).rounded()) }
        return PNGImage(width: grid.cols, height: grid.rows, channels: 1, bitDepth: bitDepth, samples: samples)
    }

    /// 8-bit RGB through `colormap`; `range` defaults to min…max for sequential maps.
    public static func colormapped(_ grid: Grid2D, colormap: Colormap = .viridis, range: ClosedRange<Double>? = nil,
                                   name: String = "raw map") throws -> PNGImage {
        let range = try checkedRange(grid, range, name)
        var samples: [UInt16] = []
        samples.reserveCapacity(grid.values.count * 3)
        for v in grid.values { samples += colormap.color(for: v, in: range).rgb8.map(UInt16.init) }
        return PNGImage(width: grid.cols, height: grid.rows, channels: 3, bitDepth: 8, samples: samples)
    }

    /// The values a gray PNG holds, mapped back onto `range` (0…1 by default).
    public static func values(of image: PNGImage, range: ClosedRange<Double> = 0...1) -> Grid2D {
        let top = Double(image.bitDepth == 8 ? 255 : 65535)
        let span = range.upperBound - range.lowerBound
        var values: [Double] = []
        for i in stride(from: 0, to: image.samples.count, by: image.channels) {
            values.append(range.lowerBound + Double(image.samples[i]) / top * span)
        }
        return Grid2D(rows: image.height, cols: image.width, values: values)
    }

    private static func checkedRange(_ grid: Grid2D, _ range: ClosedRange<Double>?, _ name: String) throws -> ClosedRange<Double> {
        if let problem = grid.problem("the map") { throw FigureError(figure: name, reason: problem) }
        let r = range ?? grid.extent
        guard r.lowerBound.isFinite, r.upperBound.isFinite else {
            throw FigureError(figure: name, reason: "the value range \(r) is not finite")
        }
        return r
    }

    /// A constant map has no spread; it is drawn as 0 rather than dividing by zero.
    private static func fraction(_ v: Double, _ range: ClosedRange<Double>) -> Double {
        let span = range.upperBound - range.lowerBound
        return span > 0 ? min(max((v - range.lowerBound) / span, 0), 1) : 0
    }
}
