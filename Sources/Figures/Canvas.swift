import CCairo
import Foundation

/// A cairo surface and context in points: an RGB image for PNG (scaled by dpi / 72), or an SVG
/// or PDF stream. Figures draw through it and `finish` returns the encoded file.
final class Canvas {
    enum HAlign { case left, center, right }
    /// .capCenter puts the middle of a digit's height on the point, which is what ticks need.
    enum VAlign { case top, capCenter, baseline, bottom }

    let width: Double
    let height: Double
    let metrics = TextMetrics()
    private let spec: FigureSpec
    private let format: FigureFormat
    private let name: String
    private let surface: OpaquePointer
    private let cr: OpaquePointer
    private let sink: ByteSink

    /// Collects what cairo's SVG and PDF writers stream out.
    private final class ByteSink {
        var data = Data()
    }

    init(spec: FigureSpec, format: FigureFormat, name: String) {
        self.spec = spec
        self.format = format
        self.name = name
        width = spec.pointWidth
        height = spec.pointHeight
        sink = ByteSink()
        let closure = Unmanaged.passUnretained(sink).toOpaque()
        let write: cairo_write_func_t = { closure, bytes, length in
            let sink = Unmanaged<ByteSink>.fromOpaque(closure!).takeUnretainedValue()
            sink.data.append(bytes!, count: Int(length))
            return CAIRO_STATUS_SUCCESS
        }
        switch format {
        case .png:
            surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(spec.pixelWidth), Int32(spec.pixelHeight))
        case .svg:
            surface = cairo_svg_surface_create_for_stream(write, closure, width, height)
        case .pdf:
            surface = cairo_pdf_surface_create_for_stream(write, closure, width, height)
            // cairo stamps the current time otherwise; a fixed date keeps PDFs reproducible.
            cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, "2000-01-01T00:00:00Z")
            cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "driftlab Figures")
        }
        cr = cairo_create(surface)
        if format == .png { cairo_scale(cr, spec.scale, spec.scale) }
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND)
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT)
        fill(Rect(x: 0, y: 0, width: width, height: height), .white)
    }

    deinit {
        cairo_destroy(cr)
        cairo_surface_destroy(surface)
    }

    /// Ends drawing and returns the file's bytes (PNG through libpng, with the dpi recorded).
    func finish() throws -> Data {
        let status = cairo_status(cr)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw FigureError(figure: name, reason: "cairo: \(String(cString: cairo_status_to_string(status)))")
        }
        cairo_surface_flush(surface)
        if format != .png {
            cairo_surface_finish(surface)
            return format == .svg ? SVGIdentifiers.renumbered(sink.data) : sink.data
        }
        // cairo's own PNG writer cannot record the dpi; RGB24 pixels are 0x00RRGGBB words.
        let w = spec.pixelWidth, h = spec.pixelHeight
        let stride = Int(cairo_image_surface_get_stride(surface))
        let base = cairo_image_surface_get_data(surface)!
        var samples = [UInt16](repeating: 0, count: w * h * 3)
        for y in 0..<h {
            let row = UnsafeRawPointer(base + y * stride).assumingMemoryBound(to: UInt32.self)
            for x in 0..<w {
                let p = row[x], o = (y * w + x) * 3
                samples[o] = UInt16((p >> 16) & 0xFF)
                samples[o + 1] = UInt16((p >> 8) & 0xFF)
                samples[o + 2] = UInt16(p & 0xFF)
            }
        }
        return try PNGImage(width: w, height: h, channels: 3, bitDepth: 8, samples: samples)
            .encoded(dpi: spec.dpi, name: name)
    }

    // MARK: shapes

    func fill(_ rect: Rect, _ color: Color, alpha: Double = 1) {
        setColor(color, alpha)
        cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
        cairo_fill(cr)
    }

    func stroke(_ rect: Rect, _ color: Color, width: Double) {
        setColor(color, 1)
        cairo_set_line_width(cr, width)
        cairo_set_dash(cr, nil, 0, 0)
        cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
        cairo_stroke(cr)
    }

    func line(_ a: Point, _ b: Point, _ color: Color, width: Double, dash: [Double] = []) {
        polyline([a, b], color, width: width, dash: dash)
    }

    func polyline(_ points: [Point], _ color: Color, width: Double, dash: [Double] = [], alpha: Double = 1) {
        guard let first = points.first else { return }
        setColor(color, alpha)
        cairo_set_line_width(cr, width)
        cairo_set_dash(cr, dash, Int32(dash.count), 0)
        cairo_move_to(cr, first.x, first.y)
        for p in points.dropFirst() { cairo_line_to(cr, p.x, p.y) }
        cairo_stroke(cr)
        cairo_set_dash(cr, nil, 0, 0)
    }

    func fillPolygon(_ points: [Point], _ color: Color, alpha: Double = 1) {
        guard let first = points.first else { return }
        setColor(color, alpha)
        cairo_move_to(cr, first.x, first.y)
        for p in points.dropFirst() { cairo_line_to(cr, p.x, p.y) }
        cairo_close_path(cr)
        cairo_fill(cr)
    }

    /// A filled polygon or circle with an optional white rim that keeps overlapping markers apart.
    func marker(_ shape: Marker, at c: Point, size: Double, _ color: Color, rim: Double = 0) {
        let r = size / 2
        switch shape {
        case .circle: cairo_arc(cr, c.x, c.y, r, 0, 2 * Double.pi)
        case .square: cairo_rectangle(cr, c.x - r * 0.9, c.y - r * 0.9, r * 1.8, r * 1.8)
        case .triangle:
            cairo_move_to(cr, c.x, c.y - r * 1.15)
            cairo_line_to(cr, c.x + r * 1.05, c.y + r * 0.75)
            cairo_line_to(cr, c.x - r * 1.05, c.y + r * 0.75)
            cairo_close_path(cr)
        case .diamond:
            cairo_move_to(cr, c.x, c.y - r * 1.2)
            cairo_line_to(cr, c.x + r * 1.2, c.y)
            cairo_line_to(cr, c.x, c.y + r * 1.2)
            cairo_line_to(cr, c.x - r * 1.2, c.y)
            cairo_close_path(cr)
        }
        setColor(color, 1)
        if rim > 0 {
            cairo_fill_preserve(cr)
            setColor(.white, 1)
            cairo_set_line_width(cr, rim)
            cairo_set_dash(cr, nil, 0, 0)
            cairo_stroke(cr)
        } else {
            cairo_fill(cr)
        }
    }

    /// Draws `raster` stretched over `rect` with nearest-neighbour sampling: every data cell
    /// stays one flat colour, however far it is enlarged.
    func image(_ raster: Raster, in rect: Rect) {
        // SVG and PDF viewers smooth enlarged images whatever cairo asks for; enlarging the
        // pixels first (to about 144 per inch) keeps cells crisp there too.
        var raster = raster
        if format != .png {
            let factor = 2 * max(rect.width / Double(raster.width), rect.height / Double(raster.height))
            raster = raster.enlarged(by: min(32, max(1, Int(factor.rounded(.up)))))
        }
        let stride = Int(cairo_format_stride_for_width(CAIRO_FORMAT_RGB24, Int32(raster.width)))
        let image = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(raster.width), Int32(raster.height))!
        defer { cairo_surface_destroy(image) }
        cairo_surface_flush(image)
        let base = cairo_image_surface_get_data(image)!
        for y in 0..<raster.height {
            let row = UnsafeMutableRawPointer(base + y * stride).assumingMemoryBound(to: UInt32.self)
            for x in 0..<raster.width {
                let o = (y * raster.width + x) * 3
                row[x] = UInt32(raster.rgb[o]) << 16 | UInt32(raster.rgb[o + 1]) << 8 | UInt32(raster.rgb[o + 2])
            }
        }
        cairo_surface_mark_dirty(image)
        cairo_save(cr)
        cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
        cairo_clip(cr)
        cairo_translate(cr, rect.x, rect.y)
        cairo_scale(cr, rect.width / Double(raster.width), rect.height / Double(raster.height))
        cairo_set_source_surface(cr, image, 0, 0)
        cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST)
        cairo_paint(cr)
        cairo_restore(cr)
    }

    /// Draws `body` moved down by `dy` points: one panel of a stacked figure.
    func shifted(down dy: Double, _ body: () throws -> Void) rethrows {
        cairo_save(cr)
        cairo_translate(cr, 0, dy)
        defer { cairo_restore(cr) }
        try body()
    }

    /// Runs `body` with drawing clipped to `rect`.
    func clipped(to rect: Rect, _ body: () -> Void) {
        cairo_save(cr)
        cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
        cairo_clip(cr)
        body()
        cairo_restore(cr)
    }

    // MARK: text

    /// Draws `text` aligned on `p`; `angle` in degrees, −90 reads bottom to top.
    func text(_ text: String, at p: Point, _ font: Font, color: Color = .ink,
              h: HAlign = .left, v: VAlign = .baseline, angle: Double = 0) {
        let w = metrics.width(text, font)
        let dx: Double = h == .left ? 0 : h == .center ? -w / 2 : -w
        let dy: Double
        switch v {
        case .top: dy = metrics.ascent(font)
        case .capCenter: dy = metrics.capHeight(font) / 2
        case .baseline: dy = 0
        case .bottom: dy = -metrics.descent(font)
        }
        cairo_save(cr)
        font.apply(to: cr)
        setColor(color, 1)
        cairo_translate(cr, p.x, p.y)
        cairo_rotate(cr, angle * Double.pi / 180)
        cairo_move_to(cr, dx, dy)
        cairo_show_text(cr, text)
        cairo_new_path(cr)
        cairo_restore(cr)
    }

    private func setColor(_ c: Color, _ alpha: Double) {
        if alpha >= 1 {
            cairo_set_source_rgb(cr, c.red, c.green, c.blue)
        } else {
            cairo_set_source_rgba(cr, c.red, c.green, c.blue, alpha)
        }
    }
}

/// Renders a figure: a white canvas, the drawing, the encoded bytes.
func renderFigure(_ spec: FigureSpec, _ format: FigureFormat, name: String,
                  _ draw: (Canvas) throws -> Void) throws -> Data {
    if let problem = spec.problem() { throw FigureError(figure: name, reason: problem) }
    let canvas = Canvas(spec: spec, format: format, name: name)
    try draw(canvas)
    return try canvas.finish()
}
