/// Maps a fraction t ∈ [0, 1] to a colour.
public struct Colormap: Sendable {
    public enum Interpolation: Sendable {
        /// t picks one of the stops (matplotlib's 256-bin lookup); no blending.
        case bins
        /// t blends linearly between evenly spaced stops.
        case linear
    }

    public let name: String
    public let stops: [Color]
    public let interpolation: Interpolation

    public init(name: String, stops: [Color], interpolation: Interpolation) {
        precondition(stops.count >= 2, "a colormap needs at least two stops")
        self.name = name
        self.stops = stops
        self.interpolation = interpolation
    }

    /// The colour at t; t outside [0, 1] clamps to the end colours, NaN gives the first.
    public func color(at t: Double) -> Color {
        let t = t.isNaN ? 0 : min(max(t, 0), 1)
        switch interpolation {
        case .bins:
            return stops[min(stops.count - 1, Int(t * Double(stops.count)))]
        case .linear:
            let position = t * Double(stops.count - 1)
            let i = min(stops.count - 2, Int(position))
            let f = position - Double(i)
            let a = stops[i], b = stops[i + 1]
            return Color(red: a.red + (b.red - a.red) * f, green: a.green + (b.green - a.green) * f,
                         blue: a.blue + (b.blue - a.blue) * f)
        }
    }

    /// The colour of `value` when `range` spans the whole map.
    public func color(for value: Double, in range: ClosedRange<Double>) -> Color {
        let span = range.upperBound - range.lowerBound
        return color(at: span > 0 ? (value - range.lowerBound) / span : 0.5)
    }

    /// Perceptually uniform and readable in grayscale: the sequential default.
    public static let viridis = Colormap(name: "viridis", stops: ViridisTable.colors, interpolation: .bins)

    /// Blue–white–red for signed values (ColorBrewer RdBu's hues with a pure white centre),
    /// so zero is white and the two signs are told apart by hue.
    public static let diverging = Colormap(name: "blue-white-red", stops: [
        0x053061, 0x2166AC, 0x4393C3, 0x92C5DE, 0xD1E5F0, 0xFFFFFF,
        0xFDDBC7, 0xF4A582, 0xD6604D, 0xB2182B, 0x67001F,
    ].map { Color(hex: $0) }, interpolation: .linear)

    public static let gray = Colormap(name: "gray", stops: [.black, .white], interpolation: .linear)
}
