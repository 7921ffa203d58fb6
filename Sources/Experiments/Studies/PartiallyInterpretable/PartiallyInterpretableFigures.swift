import Figures

/// Paper 002 part 3's figure, one file under `Figures/`: accuracy against transparency.
enum PartiallyInterpretableFigures {
    static let drawings: [FigureName: (inout FigureCanvas) throws -> Void] = [
        .transparencyAccuracy: TransparencyAccuracyFigure.draw,
    ]
}

extension FigureName {
    static let transparencyAccuracy = FigureName(rawValue: "transparency-accuracy")
}
