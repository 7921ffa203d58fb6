import AtomicFiles
import Foundation
import PNGCodec

/// A PNG's pixels exactly as stored: `channels` samples per pixel (1 gray, 2 gray + alpha,
/// 3 RGB, 4 RGBA) of `bitDepth` 8 or 16 bits, row-major, top row first.
public struct PNGImage: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public let channels: Int
    public let bitDepth: Int
    public let samples: [UInt16]

    public init(width: Int, height: Int, channels: Int, bitDepth: Int, samples: [UInt16]) {
        self.width = width
        self.height = height
        self.channels = channels
        self.bitDepth = bitDepth
        self.samples = samples
    }

    /// The samples of the pixel at column x, row y.
    public func pixel(x: Int, y: Int) -> [UInt16] {
        let start = (y * width + x) * channels
        return Array(samples[start..<start + channels])
    }

    /// The pixel's first three samples as 8-bit RGB (gray repeated), for colour checks.
    public func rgb8(x: Int, y: Int) -> [UInt8] {
        let p = pixel(x: x, y: y).map { bitDepth == 16 ? UInt8($0 >> 8) : UInt8($0) }
        return channels >= 3 ? Array(p[0..<3]) : [p[0], p[0], p[0]]
    }

    /// The pixels as an RGBImage with values in 0…1, for explaining a user's own image: gray
    /// is repeated into the three channels and alpha is dropped.
    public func rgbImage() -> RGBImage {
        let top = Double(bitDepth == 8 ? 255 : 65535)
        var values: [Double] = []
        values.reserveCapacity(width * height * 3)
        for i in 0..<(width * height) {
            let p = samples[(i * channels)..<(i * channels + channels)].map { Double($0) / top }
            values += channels >= 3 ? Array(p[0..<3]) : [p[0], p[0], p[0]]
        }
        return RGBImage(rows: height, cols: width, values: values)
    }

    /// PNG bytes; `dpi` > 0 records the resolution in a pHYs chunk. No timestamp is written,
    /// so equal images give equal bytes.
    public func encoded(dpi: Double = 0, name: String = "PNG image") throws -> Data {
        guard width > 0, height > 0 else { throw FigureError(figure: name, reason: "image is empty (\(width) × \(height))") }
        guard [1, 2, 3, 4].contains(channels), [8, 16].contains(bitDepth) else {
            throw FigureError(figure: name, reason: "unsupported PNG layout: \(channels) channels, \(bitDepth) bits")
        }
        guard samples.count == width * height * channels else {
            throw FigureError(figure: name, reason: "\(samples.count) samples for \(width) × \(height) × \(channels)")
        }
        if bitDepth == 8, let big = samples.first(where: { $0 > 255 }) {
            throw FigureError(figure: name, reason: "sample \(big) does not fit in 8 bits")
        }
        var out = dl_png_bytes()
        var message = [CChar](repeating: 0, count: 256)
        let pixelsPerMeter = dpi > 0 ? UInt32((dpi / 0.0254).rounded()) : 0
        let status: Int32 = bitDepth == 8
            ? samples.map { UInt8($0) }.withUnsafeBytes {
                dl_png_encode($0.baseAddress, UInt32(width), UInt32(height), Int32(channels), 8, pixelsPerMeter, &out, &message, 256)
            }
            : samples.withUnsafeBytes {
                dl_png_encode($0.baseAddress, UInt32(width), UInt32(height), Int32(channels), 16, pixelsPerMeter, &out, &message, 256)
            }
        defer { dl_png_bytes_free(&out) }
        guard status == 0 else { throw FigureError(figure: name, reason: "libpng: \(String(cString: message))") }
        return Data(bytes: out.bytes, count: out.count)
    }

    /// Writes the PNG under a temporary name, then renames it into place.
    public func write(to url: URL, dpi: Double = 0) throws {
        try AtomicFile.write(try encoded(dpi: dpi, name: url.lastPathComponent), to: url, figure: url.lastPathComponent)
    }

    /// Decodes PNG bytes of any kind: palettes come back as RGB, low-bit gray as 8-bit,
    /// transparency as an alpha channel; 8- and 16-bit samples are exact.
    public static func decode(_ data: Data, name: String = "PNG image") throws -> PNGImage {
        var image = dl_png_image()
        var message = [CChar](repeating: 0, count: 256)
        let status = data.withUnsafeBytes { raw in
            dl_png_decode(raw.bindMemory(to: UInt8.self).baseAddress, raw.count, &image, &message, 256)
        }
        defer { dl_png_image_free(&image) }
        guard status == 0 else { throw FigureError(figure: name, reason: "libpng: \(String(cString: message))") }
        let count = Int(image.width) * Int(image.height) * Int(image.channels)
        let samples: [UInt16] = image.bit_depth == 16
            ? Array(UnsafeBufferPointer(start: image.samples.assumingMemoryBound(to: UInt16.self), count: count))
            : UnsafeBufferPointer(start: image.samples.assumingMemoryBound(to: UInt8.self), count: count).map(UInt16.init)
        return PNGImage(width: Int(image.width), height: Int(image.height), channels: Int(image.channels),
                        bitDepth: Int(image.bit_depth), samples: samples)
    }

    public static func read(from url: URL) throws -> PNGImage {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw FigureError(figure: url.lastPathComponent, reason: "cannot read \(url.path): \(error.localizedDescription)")
        }
        return try decode(data, name: url.lastPathComponent)
    }
}
