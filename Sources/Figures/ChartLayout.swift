/// Where a line, bar or scatter chart put things, in output pixels (points × dpi / 72), so a
/// test or a caller can find the pixel of any data coordinate.
public struct ChartLayout {
    let frame: PlotFrame
    /// Pixels per point.
    let scale: Double
    let legendBox: Rect?

    /// The plot area in pixels.
    public var plot: Rect { frame.plot.scaled(by: scale) }
    /// The legend's box in pixels, nil when there is none.
    public var legend: Rect? { legendBox?.scaled(by: scale) }
    public var xTicks: [Double] { frame.x.ticks }
    public var yTicks: [Double] { frame.y.ticks }
    public var xTickLabels: [String] { frame.x.labels }
    public var yTickLabels: [String] { frame.y.labels }

    /// The pixel where data (x, y) is drawn (continuous; the pixel containing it is
    /// (Int(x), Int(y))).
    public func pixel(x: Double, y: Double) -> Point {
        let p = frame.point(x, y)
        return Point(x: p.x * scale, y: p.y * scale)
    }
}
