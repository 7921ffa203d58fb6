import AtomicFiles
import Foundation

/// A chart, heatmap or image grid that can be rendered to PNG, SVG or PDF.
public protocol Figure {
    /// Shown above the figure and used to name it in errors ("" for none).
    var title: String { get }
    /// The encoded file. Throws a FigureError naming the figure when it cannot be drawn.
    func render(_ spec: FigureSpec, format: FigureFormat) throws -> Data
}

extension Figure {
    /// Renders in the format the file extension names and writes it under a temporary name
    /// before renaming it into place. An untitled figure's errors name the file.
    public func write(to url: URL, spec: FigureSpec = FigureSpec()) throws {
        let name = title.isEmpty ? url.lastPathComponent : title
        guard let format = FigureFormat(pathExtension: url.pathExtension) else {
            throw FigureError(figure: name, reason: "unknown figure format '.\(url.pathExtension)' (use .png, .svg or .pdf)")
        }
        let data: Data
        do {
            data = try render(spec, format: format)
        } catch let error as FigureError where title.isEmpty {
            throw FigureError(figure: url.lastPathComponent, reason: error.reason)
        }
        try AtomicFile.write(data, to: url, figure: name)
    }

    public func render(_ spec: FigureSpec = FigureSpec()) throws -> Data {
        try render(spec, format: .png)
    }
}

/// The name a figure goes by in errors: its title, else what kind of figure it is.
func figureName(_ title: String, kind: String) -> String {
    title.isEmpty ? "untitled \(kind)" : title
}
