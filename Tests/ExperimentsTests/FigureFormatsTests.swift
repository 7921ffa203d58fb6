import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest
@testable import Experiments

/// `figureFormats` writes every figure in each asked format, all recorded in the manifest; the
/// vector files are real: the SVG is well-formed XML with an <svg> root, the PDF a PDF with its
/// fonts embedded (text stays text).
final class FigureFormatsTests: RunTestCase {
    final class RootName: NSObject, XMLParserDelegate {
        var root: String?
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            if root == nil { root = name }
        }
    }

    func testEveryFigureInEveryAskedFormat() throws {
        let spec = try tinySpec(["figures=[\"training-curves\"]", "figureFormats=[\"png\", \"svg\", \"pdf\"]"])
        XCTAssertTrue(String(decoding: spec.resolvedJSON, as: UTF8.self).contains(#""figureFormats": ["#))
        let dir = RunDirectory(root)
        _ = try run(spec, dir, try spec.stages())
        let manifest = String(decoding: try dir.read("manifest.json"), as: UTF8.self)
        let stems = dir.files(under: "figures").filter { $0.hasSuffix(".png") }.map { String($0.dropLast(4)) }
        XCTAssertFalse(stems.isEmpty)
        for stem in stems {
            for ext in ["png", "svg", "pdf"] {
                XCTAssertTrue(dir.exists("\(stem).\(ext)"), "\(stem).\(ext)")
                XCTAssertTrue(manifest.contains("\"\(stem).\(ext)\""), "manifest lists \(stem).\(ext)")
            }
            let parser = XMLParser(data: try dir.read("\(stem).svg")), delegate = RootName()
            parser.delegate = delegate
            XCTAssertTrue(parser.parse(), "\(stem).svg is not well-formed XML: \(String(describing: parser.parserError))")
            XCTAssertEqual(delegate.root, "svg")
            let pdf = try dir.read("\(stem).pdf")
            XCTAssertEqual(String(decoding: pdf.prefix(5), as: UTF8.self), "%PDF-")
            XCTAssertNotNil(pdf.range(of: Data("/FontFile".utf8)), "\(stem).pdf embeds its fonts")
        }
    }

    func testFormatsAreCheckedAtValidation() {
        XCTAssertThrowsError(try tinySpec(["figureFormats=[\"png\", \"jpg\"]"])) { XCTAssertTrue("\($0)".contains("figureFormats[1]"), "\($0)") }
        XCTAssertThrowsError(try tinySpec(["figureFormats=[]"])) { XCTAssertTrue("\($0)".contains("figureFormats"), "\($0)") }
    }
}
