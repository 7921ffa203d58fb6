/// A colormap and the value range it spans; the range is found from the data when not given.
public struct ColorScale: Sendable {
    public var colormap: Colormap
    public var range: ClosedRange<Double>?
    /// Automatic limits ±max|v|, so zero sits at the colormap's middle (white for diverging).
    public var symmetric: Bool

    public init(colormap: Colormap, range: ClosedRange<Double>? = nil, symmetric: Bool = false) {
        self.colormap = colormap
        self.range = range
        self.symmetric = symmetric
    }

    /// viridis over min…max.
    public static let sequential = ColorScale(colormap: .viridis)
    /// Blue–white–red over ±max|v|.
    public static let diverging = ColorScale(colormap: .diverging, symmetric: true)

    /// The limits for `values` (finite, non-empty); a constant map gets a unit-wide range.
    func resolved(_ values: [Double]) -> ClosedRange<Double> {
        if let range { return range }
        let lo = values.min() ?? 0, hi = values.max() ?? 1
        if symmetric {
            let m = max(abs(lo), abs(hi))
            return m > 0 ? -m...m : -1...1
        }
        return hi > lo ? lo...hi : (lo - 0.5)...(hi + 0.5)
    }
}
