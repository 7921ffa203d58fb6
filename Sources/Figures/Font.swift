import CCairo

/// A text style in points. The sizes are a paper figure's: 9 pt ticks read like a caption
/// when the figure is printed at its spec width.
struct Font: Equatable {
    var size: Double
    var bold = false

    static let title = Font(size: 12, bold: true)
    static let label = Font(size: 10.5)
    static let tick = Font(size: 9)
    static let legend = Font(size: 9)
    static let annotation = Font(size: 8)
    static let cellTitle = Font(size: 9.5)

    /// DejaVu Sans ships with Debian's fonts-dejavu-core; fontconfig substitutes a sans face
    /// when it is missing.
    static let family = "DejaVu Sans"

    /// Selects this font with unhinted metrics, so text measures the same on the layout
    /// context and on PNG, SVG and PDF surfaces at any scale.
    func apply(to cr: OpaquePointer) {
        cairo_select_font_face(cr, Font.family, CAIRO_FONT_SLANT_NORMAL,
                               bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(cr, size)
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        // Gray anti-aliasing: subpixel (coloured) fringes would break colour checks and print.
        cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY)
        cairo_set_font_options(cr, options)
        cairo_font_options_destroy(options)
    }
}
