/// How big a figure is on paper and how finely a PNG samples it. Drawing happens in points
/// (1/72 inch), so fonts and line widths keep their printed size at any dpi.
public struct FigureSpec: Equatable, Sendable {
    /// Width and height in inches.
    public var width: Double
    public var height: Double
    /// PNG pixels per inch (SVG and PDF are vector and ignore it).
    public var dpi: Double

    public init(width: Double = 6.4, height: Double = 4.0, dpi: Double = 150) {
        self.width = width
        self.height = height
        self.dpi = dpi
    }

    public var pixelWidth: Int { max(1, Int((width * dpi).rounded())) }
    public var pixelHeight: Int { max(1, Int((height * dpi).rounded())) }
    /// Pixels per point.
    public var scale: Double { dpi / 72 }
    /// The drawing area in points, taken from the rounded pixel size so a PNG's last
    /// pixel column is exactly the right edge.
    var pointWidth: Double { Double(pixelWidth) / scale }
    var pointHeight: Double { Double(pixelHeight) / scale }

    func problem() -> String? {
        guard width.isFinite, height.isFinite, dpi.isFinite, width > 0, height > 0, dpi > 0 else {
            return "size \(width) × \(height) in at \(dpi) dpi is not drawable"
        }
        if pixelWidth * pixelHeight > 100_000_000 { return "\(pixelWidth) × \(pixelHeight) pixels is too large" }
        return nil
    }
}

/// The file kinds a figure can be written as, all from the same drawing code.
public enum FigureFormat: String, CaseIterable, Sendable {
    case png, svg, pdf

    /// The format a file name asks for ("loss.pdf" → .pdf), nil for other extensions.
    public init?(pathExtension: String) {
        self.init(rawValue: pathExtension.lowercased())
    }
}
