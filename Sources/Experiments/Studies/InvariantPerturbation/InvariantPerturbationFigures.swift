import Figures

/// Paper 001's figure, one file under `Figures/`: input | w map | every other method's map, one
/// row per explained image (the paper's Fig. 6 layout).
enum InvariantPerturbationFigures {
    static let drawings: [FigureName: (inout FigureCanvas) throws -> Void] = [
        .invarianceMaps: InvarianceMapsFigure.draw,
    ]
}

extension FigureName {
    static let invarianceMaps = FigureName(rawValue: "invariance-maps")
}
