import Figures

/// The figures stage every study can use: for each name in the spec's `figures`, the study's
/// drawing function for it (one figure per file, each a small function from the run's typed
/// artifacts to charts). The study's validation has checked every name is one it draws.
struct FiguresStage: Stage {
    let name = "figures"
    /// What a study draws, by figure name.
    let drawings: [FigureName: (inout FigureCanvas) throws -> Void]

    func run(_ context: RunContext) throws -> [String] {
        var canvas = FigureCanvas(spec: context.spec, directory: context.directory, progress: context.progress)
        for figure in context.spec.figures {
            guard let draw = drawings[figure] else {
                throw RunError.stageFailed(stage: name, reason: "this study does not draw \(figure.rawValue)")
            }
            try draw(&canvas)
        }
        return canvas.written
    }
}

/// What a figure function gets: the spec, the run folder, the default page, and `save`, which
/// writes a figure under figures/ and records it for the manifest.
struct FigureCanvas {
    let spec: ExperimentSpec
    let directory: RunDirectory
    let progress: ProgressHandler
    /// The default page: 7.2 × 4.2 in at the spec's dpi.
    let look: FigureSpec
    private(set) var written: [String] = []

    init(spec: ExperimentSpec, directory: RunDirectory, progress: @escaping ProgressHandler) {
        self.spec = spec
        self.directory = directory
        self.progress = progress
        look = FigureSpec(width: 7.2, height: 4.2, dpi: Double(spec.dpi))
    }

    mutating func save(_ figure: Figure, _ stem: String, _ page: FigureSpec? = nil) throws {
        let path = "figures/\(stem).png"
        try figure.write(to: try directory.file(path), spec: page ?? look)
        written.append(path)
    }

    /// Records a file a figure function wrote beside its figures (the numbers it draws).
    mutating func record(_ path: String) { written.append(path) }
}
