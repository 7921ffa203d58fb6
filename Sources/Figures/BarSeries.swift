/// One bar per group, with optional error bars from `lower` to `upper` (e.g. min–max over seeds).
public struct BarSeries: Sendable {
    public var name: String
    public var values: [Double]
    public var lower: [Double]?
    public var upper: [Double]?
    /// nil takes the series' tab10 colour by position.
    public var color: Color?

    public init(_ name: String, values: [Double], lower: [Double]? = nil, upper: [Double]? = nil, color: Color? = nil) {
        self.name = name
        self.values = values
        self.lower = lower
        self.upper = upper
        self.color = color
    }

    func problem(groups: Int) -> String? {
        let label = "series '\(name)'"
        if values.count != groups { return "\(label) has \(values.count) values for \(groups) groups" }
        if let i = values.firstIndex(where: { !$0.isFinite }) { return "\(label) has value \(values[i]) in group \(i)" }
        if (lower == nil) != (upper == nil) { return "\(label) has only one side of its error bars" }
        if let lower, let upper {
            if lower.count != groups || upper.count != groups {
                return "\(label) has \(lower.count) lower and \(upper.count) upper error values for \(groups) groups"
            }
            for i in 0..<groups {
                if !lower[i].isFinite || !upper[i].isFinite { return "\(label) has a non-finite error bar in group \(i)" }
                if lower[i] > values[i] || upper[i] < values[i] {
                    return "\(label) has error bar \(lower[i])…\(upper[i]) not around its value \(values[i]) in group \(i)"
                }
            }
        }
        return nil
    }

    /// Bottom and top of what is drawn for group `g` (bar and error bar).
    func extent(_ g: Int) -> (Double, Double) {
        (min(0, lower?[g] ?? values[g], values[g]), max(0, upper?[g] ?? values[g], values[g]))
    }
}
