import Figures

/// SGD data cleansing's figure, one file under `Figures/`: the most harmful training images.
enum DataCleansingFigures {
    static let drawings: [FigureName: (inout FigureCanvas) throws -> Void] = [
        .harmfulImages: HarmfulImagesFigure.draw,
    ]
}

extension FigureName {
    static let harmfulImages = FigureName(rawValue: "harmful-images")
}
