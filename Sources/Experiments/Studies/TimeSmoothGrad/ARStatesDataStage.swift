import Datasets
import Foundation
import Tensors

/// Paper 000's data: generates the AR-states series, standardises it with training statistics
/// and writes
///   data/series-inputs.npy (T, D) raw x, data/series-targets.npy (T, 1) raw y,
///   data/series-inputs-standardized.npy (T, D), data/coefficients.npy (S, D) F_s,
///   data/standardization.json, data/steps.csv (step, state, part),
///   data/{train,validation,test}-{inputs,targets}.npy (standardised rows).
struct ARStatesDataStage: Stage {
    let name = "data"
    /// The spec's data section, of the kind this stage reads.
    let data: ARStatesSpec

    func run(_ context: RunContext) throws -> [String] {
        let s = data
        let configuration = s.configuration
        if let problem = configuration.problem { throw SpecError(file: context.spec.name, path: "data", problem) }
        let series = ARStates.generate(configuration, generator: Generator.forStage(name, seed: context.spec.seed))
        let standardization = Standardization.fit(series)
        let standardized = standardization.apply(to: series)
        let dir = context.directory
        var written: [String] = []
        func write(_ t: Tensor, _ path: String) throws { try dir.write(t, to: path); written.append(path) }
        try write(series.x, TimeSmoothGradArtifacts.seriesInputs(s).path)
        try write(series.y, TimeSmoothGradArtifacts.seriesTargets.path)
        try write(standardized.x, TimeSmoothGradArtifacts.standardizedInputs(s).path)
        let f = Tensor(uninitialized: [series.stateCount, configuration.features])
        for (i, v) in series.coefficients.joined().enumerated() { f.data[i] = Float(v) }
        try write(f, TimeSmoothGradArtifacts.coefficients(s).path)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try dir.write(try encoder.encode(standardization) + Data("\n".utf8), to: "data/standardization.json")
        var steps = "step,state,part\n"
        for part in SeriesPart.allCases {
            for state in 0..<series.stateCount { for t in series.steps(part, state: state) { steps += "\(t),\(state),\(part.rawValue)\n" } }
        }
        try dir.write(steps, to: "data/steps.csv")
        written += ["data/standardization.json", "data/steps.csv"]
        for part in SeriesPart.allCases {
            let rows = standardized.rows(standardized.steps(part))
            written += try SupervisedArrays(inputs: rows.x, targets: rows.y).write(part.rawValue, in: dir)
        }
        return written
    }
}

extension ARStatesSpec {
    var configuration: ARStatesConfiguration {
        ARStatesConfiguration(states: states, features: features, stepsPerState: stepsPerState, trainFraction: trainFraction,
                              validationFraction: validationFraction, rootModulus: rootModulus[0]...rootModulus[1],
                              rootAngle: rootAngle[0]...rootAngle[1], coefficientStd: coefficientStd,
                              processNoiseStd: processNoiseStd, targetNoiseStd: targetNoiseStd, initialStd: initialStd)
    }
}

/// What the later paper-000 stages read back from `data/`.
struct ARStatesData {
    let series: ARStatesSeries
    let standardization: Standardization
    let standardizedInputs: Tensor

    static func read(_ spec: ARStatesSpec, from dir: RunDirectory) throws -> ARStatesData {
        // The series' step bookkeeping comes from the configuration; the numbers from the files.
        let x = try TimeSmoothGradArtifacts.seriesInputs(spec).read(in: dir), y = try TimeSmoothGradArtifacts.seriesTargets.read(in: dir)
        let f = try TimeSmoothGradArtifacts.coefficients(spec).read(in: dir)
        guard x.shape[0] == y.shape[0] else {
            throw ArtifactError(file: TimeSmoothGradArtifacts.seriesTargets.path, problem: "has \(y.shape[0]) steps, the inputs \(x.shape[0])")
        }
        let standardization = try JSONDecoder().decode(Standardization.self, from: try dir.read("data/standardization.json"))
        let coefficients = (0..<spec.states).map { s in (0..<spec.features).map { Double(f[s, $0]) } }
        let series = ARStatesSeries.recorded(configuration: spec.configuration, x: x, y: y, coefficients: coefficients)
        return ARStatesData(series: series, standardization: standardization,
                            standardizedInputs: try TimeSmoothGradArtifacts.standardizedInputs(spec).read(in: dir))
    }

    /// Steps of `part` per state.
    func steps(_ part: SeriesPart) -> [[Int]] { (0..<series.stateCount).map { Array(series.steps(part, state: $0)) } }
}
