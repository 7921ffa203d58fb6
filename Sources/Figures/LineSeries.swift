/// One line of a line chart: y against x, with an optional shaded min–max band.
public struct LineSeries: Sendable {
    public var name: String
    public var x: [Double]
    public var y: [Double]
    /// nil takes the series' tab10 colour by position.
    public var color: Color?
    public var marker: Marker?
    public var dashed: Bool
    /// Lower and upper edges of a shaded band (e.g. min and max over seeds), one per x.
    public var band: (lower: [Double], upper: [Double])?

    public init(_ name: String, x: [Double], y: [Double], color: Color? = nil, marker: Marker? = nil,
                dashed: Bool = false, band: (lower: [Double], upper: [Double])? = nil) {
        self.name = name
        self.x = x
        self.y = y
        self.color = color
        self.marker = marker
        self.dashed = dashed
        self.band = band
    }

    /// y against 0, 1, 2, …
    public init(_ name: String, y: [Double], color: Color? = nil, marker: Marker? = nil, dashed: Bool = false,
                band: (lower: [Double], upper: [Double])? = nil) {
        self.init(name, x: y.indices.map(Double.init), y: y, color: color, marker: marker, dashed: dashed, band: band)
    }

    /// The reason the series cannot be drawn, or nil.
    func problem(logY: Bool) -> String? {
        let label = "series '\(name)'"
        if y.isEmpty { return "\(label) is empty" }
        if x.count != y.count { return "\(label) has \(x.count) x values but \(y.count) y values" }
        if let i = x.firstIndex(where: { !$0.isFinite }) { return "\(label) has x = \(x[i]) at index \(i)" }
        if let i = y.firstIndex(where: { !$0.isFinite }) { return "\(label) has y = \(y[i]) at index \(i)" }
        if let band {
            if band.lower.count != y.count || band.upper.count != y.count {
                return "\(label) has a band of \(band.lower.count) lower and \(band.upper.count) upper values for \(y.count) points"
            }
            if let i = (band.lower + band.upper).firstIndex(where: { !$0.isFinite }) {
                return "\(label) has a non-finite band value at index \(i % y.count)"
            }
        }
        if logY {
            let all = y + (band.map { $0.lower + $0.upper } ?? [])
            if let v = all.first(where: { $0 <= 0 }) { return "\(label) has y = \(v), which a log axis cannot show" }
        }
        return nil
    }
}

/// A vertical line across the plot at x, labelled above the plot: a reference epoch, a
/// state boundary.
public struct VerticalMarker: Sendable {
    public var x: Double
    public var label: String
    public var color: Color

    public init(x: Double, label: String = "", color: Color = Color(hex: 0x555555)) {
        self.x = x
        self.label = label
        self.color = color
    }
}
