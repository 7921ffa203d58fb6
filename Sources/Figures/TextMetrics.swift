import CCairo

/// Measures text on a private 1 × 1 surface at scale 1, so a layout computed for a test is
/// the layout the renderer draws, whatever the output format or dpi.
final class TextMetrics {
    private let surface: OpaquePointer
    private let cr: OpaquePointer

    init() {
        surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 1)
        cr = cairo_create(surface)
    }

    deinit {
        cairo_destroy(cr)
        cairo_surface_destroy(surface)
    }

    /// Advance width of `text`.
    func width(_ text: String, _ font: Font) -> Double {
        font.apply(to: cr)
        var extents = cairo_text_extents_t()
        cairo_text_extents(cr, text, &extents)
        return extents.x_advance
    }

    /// Height above the baseline the font reserves (accents included).
    func ascent(_ font: Font) -> Double { fontExtents(font).ascent }

    func descent(_ font: Font) -> Double { fontExtents(font).descent }

    /// ascent + descent: the height of one line of labels.
    func lineHeight(_ font: Font) -> Double {
        let e = fontExtents(font)
        return e.ascent + e.descent
    }

    /// Height of a capital/digit: what the eye centres on a tick.
    func capHeight(_ font: Font) -> Double {
        font.apply(to: cr)
        var extents = cairo_text_extents_t()
        cairo_text_extents(cr, "0", &extents)
        return -extents.y_bearing
    }

    private func fontExtents(_ font: Font) -> cairo_font_extents_t {
        font.apply(to: cr)
        var extents = cairo_font_extents_t()
        cairo_font_extents(cr, &extents)
        return extents
    }
}

extension TextMetrics {
    /// `text` in `font` made to fit `maxWidth`: first a smaller size (not below `minSize`),
    /// then cut with an ellipsis, so a long title or label shrinks rather than overlaps.
    func fit(_ text: String, _ font: Font, maxWidth: Double, minSize: Double = 7) -> (text: String, font: Font) {
        var f = font
        let w = width(text, font)
        guard w > maxWidth, maxWidth > 0 else { return (text, font) }
        f.size = max(min(font.size, minSize), font.size * maxWidth / w)
        if width(text, f) <= maxWidth { return (text, f) }
        var cut = Substring(text)
        while !cut.isEmpty && width(cut + "…", f) > maxWidth { cut = cut.dropLast() }
        return (cut.isEmpty ? "" : cut + "…", f)
    }
}
