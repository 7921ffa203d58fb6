import Foundation
import XCTest
@testable import Figures

/// Renders to PNG and reads it back through the module's libpng reader, as a user would.
func renderPNG(_ figure: any Figure, _ spec: FigureSpec = FigureSpec(), file: StaticString = #filePath,
               line: UInt = #line) throws -> PNGImage {
    let image = try PNGImage.decode(try figure.render(spec, format: .png))
    XCTAssertEqual(image.width, spec.pixelWidth, "width", file: file, line: line)
    XCTAssertEqual(image.height, spec.pixelHeight, "height", file: file, line: line)
    XCTAssertEqual(image.channels, 3, file: file, line: line)
    XCTAssertEqual(image.bitDepth, 8, file: file, line: line)
    return image
}

extension PNGImage {
    /// 8-bit RGB of the pixel containing point p (pixel coordinates).
    func rgb8(at p: Point) -> [UInt8] { rgb8(x: Int(p.x), y: Int(p.y)) }
}

/// Asserts `body` throws a FigureError naming `figure` whose reason contains `reason`.
func assertFigureError(_ figure: String, _ reason: String, file: StaticString = #filePath, line: UInt = #line,
                       _ body: () throws -> Void) {
    do {
        try body()
        XCTFail("expected a FigureError about '\(reason)'", file: file, line: line)
    } catch let error as FigureError {
        XCTAssertEqual(error.figure, figure, file: file, line: line)
        XCTAssertTrue(error.reason.contains(reason), "reason was: \(error.reason)", file: file, line: line)
    } catch {
        XCTFail("unexpected error \(error)", file: file, line: line)
    }
}

/// A fresh empty folder under the system temporary directory.
func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("figures-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
