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
    /// What several figures of one run read (paper 004's per-layer arrays), loaded once.
    private var loaded: [String: Any] = [:]

    init(spec: ExperimentSpec, directory: RunDirectory, progress: @escaping ProgressHandler) {
        self.spec = spec
        self.directory = directory
        self.progress = progress
        look = FigureSpec(width: 7.2, height: 4.2, dpi: Double(spec.dpi))  // = page()
    }

    /// A page of another size at the spec's dpi.
    func page(width: Double = 7.2, height: Double = 4.2) -> FigureSpec { FigureSpec(width: width, height: height, dpi: Double(spec.dpi)) }

    /// `load()`'s value, computed the first time `key` is asked for in this stage.
    mutating func loading<T>(_ key: String, _ load: () throws -> T) rethrows -> T {
        if let value = loaded[key] as? T { return value }
        let value = try load()
        loaded[key] = value
        return value
    }

    /// Writes `figures/<stem>.<format>` for each of the spec's `figureFormats`.
    mutating func save(_ figure: Figure, _ stem: String, _ page: FigureSpec? = nil) throws {
        // One file per asked format, all from the same drawing.
        for format in spec.figureFormats {
            let path = "figures/\(stem).\(format.rawValue)"
            try figure.write(to: try directory.file(path), spec: page ?? look)
            written.append(path)
        }
    }

    /// Records a file a figure function wrote beside its figures (the numbers it draws).
    mutating func record(_ path: String) { written.append(path) }
}
