/// An sRGB colour with components in 0…1.
public struct Color: Equatable, Hashable, Sendable {
    public var red: Double
    public var green: Double
    public var blue: Double

    public init(red: Double, green: Double, blue: Double) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// `Color(hex: 0x1F77B4)`.
    public init(hex: UInt32) {
        self.init(red: Double((hex >> 16) & 0xFF) / 255, green: Double((hex >> 8) & 0xFF) / 255,
                  blue: Double(hex & 0xFF) / 255)
    }

    /// The 8-bit components, rounded; what a PNG pixel of this colour holds.
    public var rgb8: [UInt8] {
        [red, green, blue].map { UInt8((min(max($0, 0), 1) * 255).rounded()) }
    }

    /// `self` painted over `base` with opacity `alpha`.
    public func over(_ base: Color, alpha: Double) -> Color {
        Color(red: base.red + (red - base.red) * alpha, green: base.green + (green - base.green) * alpha,
              blue: base.blue + (blue - base.blue) * alpha)
    }

    public static let black = Color(hex: 0x000000)
    public static let white = Color(hex: 0xFFFFFF)
    /// Axis lines, ticks and text: near-black reads softer than pure black in print.
    public static let ink = Color(hex: 0x262626)
    public static let grid = Color(hex: 0xE5E5E5)
    public static let frame = Color(hex: 0xB0B0B0)

    /// matplotlib's tab10: ten categorical colours that stay apart in print and for the
    /// common colour-vision deficiencies.
    public static let tab10: [Color] = [
        0x1F77B4, 0xFF7F0E, 0x2CA02C, 0xD62728, 0x9467BD,
        0x8C564B, 0xE377C2, 0x7F7F7F, 0xBCBD22, 0x17BECF,
    ].map { Color(hex: $0) }

    /// The i-th categorical colour, cycling through tab10.
    public static func categorical(_ index: Int) -> Color {
        tab10[((index % tab10.count) + tab10.count) % tab10.count]
    }
}
