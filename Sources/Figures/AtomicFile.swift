import AtomicFiles
import Foundation

/// Figures write through the one `AtomicFile`, with the folder created first and errors as
/// `FigureError` naming the figure.
extension AtomicFile {
    static func write(_ data: Data, to url: URL, figure: String) throws {
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try write(data, to: url)
        } catch let error as WriteError {
            throw FigureError(figure: figure, reason: error.description)
        } catch {
            throw FigureError(figure: figure, reason: "cannot write \(url.path): \(error.localizedDescription)")
        }
    }
}
