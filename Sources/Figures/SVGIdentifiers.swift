import Foundation

/// cairo names SVG elements from process-wide counters (image325, surface12), so the same
/// figure drawn later in a run would get other names. Renumbering them by first appearance
/// makes equal figures equal bytes, like the PNGs.
enum SVGIdentifiers {
    private static let pattern = try! NSRegularExpression(
        pattern: "(id=\"|#)(clip|image|surface|pattern|mask|source|linear|radial|filter|glyph)([0-9][0-9-]*)")

    static func renumbered(_ data: Data) -> Data {
        let text = String(decoding: data, as: UTF8.self)
        let whole = NSRange(text.startIndex..., in: text)
        var names: [String: String] = [:]
        var counts: [String: Int] = [:]
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var last = text.startIndex
        for match in pattern.matches(in: text, range: whole) {
            let lead = String(text[Range(match.range(at: 1), in: text)!])
            let kind = String(text[Range(match.range(at: 2), in: text)!])
            let old = kind + text[Range(match.range(at: 3), in: text)!]
            let new = names[old] ?? {
                counts[kind, default: 0] += 1
                let name = "\(kind)\(counts[kind]!)"
                names[old] = name
                return name
            }()
            out += text[last..<Range(match.range, in: text)!.lowerBound]
            out += lead + new
            last = Range(match.range, in: text)!.upperBound
        }
        out += text[last...]
        return Data(out.utf8)
    }
}
