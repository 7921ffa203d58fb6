import ArgumentParser
import Experiments
import Foundation

/// A drift study over checkpoints trained elsewhere: `run` with the spec's `checkpoints.folder`
/// set to the folder given, so the run imports them instead of training.
struct Analyse: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyse",
        abstract: "Drift study over per-epoch checkpoints made elsewhere (PyTorch state_dicts saved with safetensors).",
        discussion: """
            The spec is an over-training spec (data, model, selection, attribution, metrics, figures); its \
            training section is not used. Each *.safetensors file of the folder is one snapshot: its epoch is \
            the last number in its name (epoch_12.safetensors), else the "epoch" of its __metadata__; list \
            them under checkpoints.snapshots to choose. Tensor names are those of PyTorch's state_dict for \
            the spec's model (docs/analyse.md). The run folder is an ordinary one: resumable, verified by \
            `driftlab verify`; train/imported.csv records each file's sha256.
            """,
        aliases: ["analyze"])

    @Option(help: "The folder of per-epoch .safetensors checkpoints.")
    var checkpoints: String

    @Option(help: "The spec file (JSON), study \"overtraining\".")
    var spec: String

    @OptionGroup var overrides: SpecOverrides

    @OptionGroup var options: RunOptions

    func run() throws {
        try withExitStatus {
            let folder = String(decoding: JSONValue.string(checkpoints).serialized(pretty: false), as: UTF8.self)
            let experiment = try overrides.load(spec, adding: ["checkpoints.folder=" + folder])
            // Another study's spec has no `checkpoints` key: ExperimentSpec refuses it (exit 2), naming the study that has.
            try options.execute(experiment)
        }
    }
}
