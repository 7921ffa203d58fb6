import Foundation

/// Writes a file under a temporary name in the same folder and renames it into place, so a
/// reader never sees half a figure and an interrupted run leaves the old file intact.
enum AtomicFile {
    static func write(_ data: Data, to url: URL, figure: String) throws {
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try data.write(to: temporary)
            // rename(2) replaces the destination atomically within one file system.
            guard rename(temporary.path, url.path) == 0 else {
                throw FigureError(figure: figure, reason: "cannot rename into \(url.path): \(String(cString: strerror(errno)))")
            }
        } catch let error as FigureError {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw FigureError(figure: figure, reason: "cannot write \(url.path): \(error.localizedDescription)")
        }
    }
}
