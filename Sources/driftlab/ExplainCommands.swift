import ArgumentParser
import Experiments
import Foundation
import Tensors

/// Inputs from --input, or the first samples of the spec's run (results/<name>/data/test-*.npy).
func inputsAndTargets(spec: ExperimentSpec, input: String?, targets: String?, samples: Int) throws -> (Tensor, [Int]?) {
    if let input {
        let x = try NumpyArray.read(URL(fileURLWithPath: input))
        try Explanation.checkInputs(x, spec, file: input)
        let t = try targets.map { try Explanation.targets(NumpyArray.read(URL(fileURLWithPath: $0)), count: x.shape[0], spec, file: $0) }
        return (x, t)
    }
    let run = "results/\(spec.name)/data/"
    guard FileManager.default.fileExists(atPath: run + "test-inputs.npy") else {
        throw ValidationError("give --input x.npy (N, \(spec.data.inputShape.dims.map(String.init).joined(separator: ", "))), or run the spec first so \(run)test-inputs.npy exists")
    }
    let x = try NumpyArray.read(URL(fileURLWithPath: run + "test-inputs.npy"))
    try Explanation.checkInputs(x, spec, file: run + "test-inputs.npy")
    let y = try NumpyArray.read(URL(fileURLWithPath: run + "test-targets.npy"))
    let n = min(samples, x.shape[0])
    guard case .classification = spec.data.task else { return (x.items(0..<n), nil) }
    let head = Array(y.array.prefix(n))
    let labels = try Explanation.targets(Tensor(shape: [head.count], values: head), count: n, spec, file: run + "test-targets.npy")
    return (x.items(0..<n), labels)
}

/// The spec and the thread count, set for the whole command.
func loadSpec(_ path: String, threads: Int) throws -> ExperimentSpec {
    guard threads >= 1 else { throw ValidationError("--threads must be ≥ 1, got \(threads)") }
    let experiment = try ExperimentSpec.load(URL(fileURLWithPath: path))
    Threads.set(threads)
    return experiment
}

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The same maps from two checkpoints side by side, with SSIM and Spearman per method.")

    @Argument(help: "Checkpoint A (.safetensors; driftlab's or a PyTorch state_dict).") var a: String
    @Argument(help: "Checkpoint B.") var b: String
    @Option(help: "The spec whose architecture the checkpoints have.") var spec: String
    @Option(parsing: .upToNextOption, help: "Methods (default: the spec's).") var methods: [String] = []
    @Option(help: "Inputs (N, C, H, W) .npy (default: the first --samples test images of the spec's run).") var input: String?
    @Option(help: "Class per input, .npy (default: the labels of the run's test images, else A's predictions).") var targets: String?
    @Option(help: "How many of the run's test images.") var samples = 16
    @Option(help: "Output folder.") var out = "results/compare"
    @Option(help: "Threads.") var threads = 2

    func run() throws { try withExitStatus(compare) }

    func compare() throws {
        let experiment = try loadSpec(spec, threads: threads)
        let (x, t) = try inputsAndTargets(spec: experiment, input: input, targets: targets, samples: samples)
        let table = try CheckpointComparison.run(spec: experiment, a: URL(fileURLWithPath: a), b: URL(fileURLWithPath: b),
                                                 methods: methods, inputs: x, targets: t, out: URL(fileURLWithPath: out))
        print(table.markdown, terminator: "")
        FileHandle.standardError.write(Data("wrote \(out)/compare.{csv,md,png} and the maps as .npy\n".utf8))
    }
}

struct Attribute: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Explain your own inputs with any checkpoint of a spec's architecture (evaluation mode).")

    @Option(help: "The spec whose architecture the checkpoint has.") var spec: String
    @Option(help: "Checkpoint (.safetensors).") var checkpoint: String
    @Option(help: "Inputs, an (N, C, H, W) float32 .npy.") var input: String
    @Option(help: "Class per input, .npy (default: the predicted class).") var targets: String?
    @Option(help: "Method, e.g. saliency, grad-cam (parameters from the spec when it lists the method).") var method: String
    @Option(help: "Output .npy.") var out: String
    @Option(help: "Threads.") var threads = 2

    func run() throws { try withExitStatus(attribute) }

    func attribute() throws {
        let experiment = try loadSpec(spec, threads: threads)
        let (x, t) = try inputsAndTargets(spec: experiment, input: input, targets: targets, samples: .max)
        let network = try Explanation.network(experiment, checkpoint: URL(fileURLWithPath: checkpoint))
        let maps = Explanation.maps(try Explanation.method(method, in: experiment), spec: experiment, network: network, inputs: x, targets: t)
        try NumpyArray.write(maps, to: URL(fileURLWithPath: out))
        FileHandle.standardError.write(Data("wrote \(out): \(maps.shape)\n".utf8))
    }
}
