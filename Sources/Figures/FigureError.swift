/// Why a figure or raw map could not be made. `figure` names it (its title, or its file name
/// when it has none) so a failing experiment says which of its figures is wrong.
public struct FigureError: Error, Equatable, CustomStringConvertible {
    public let figure: String
    public let reason: String

    public init(figure: String, reason: String) {
        self.figure = figure
        self.reason = reason
    }

    public var description: String { "figure '\(figure)': \(reason)" }
}
