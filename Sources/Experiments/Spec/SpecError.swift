/// A problem with a spec, located by file and JSON path:
/// `experiments/x.json: training.optimizer.lr: must be > 0, got -1`.
public struct SpecError: Error, CustomStringConvertible, Equatable {
    public let file: String
    /// Dotted path from the document root ("training.optimizer.lr", "attribution[1].window");
    /// empty for the whole document.
    public let path: String
    public let message: String

    public init(file: String, path: String, _ message: String) {
        self.file = file
        self.path = path
        self.message = message
    }

    public var description: String { path.isEmpty ? "\(file): \(message)" : "\(file): \(path): \(message)" }
}
