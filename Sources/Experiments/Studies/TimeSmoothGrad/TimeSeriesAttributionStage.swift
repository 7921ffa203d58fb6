import Attribution
import Datasets
import NeuralNet
import Tensors

/// Paper 000's maps at the reference epoch: every method on the whole standardised series
/// (Time-Smoothgrad averages along it; for PAMAP2 the test subject's series), converted to
/// d y_raw / d x_raw (METHODS.md: rank against F_s on the raw scale), saved for the test steps as
/// attributions/epoch-NNNN/<method>.npy of shape [test steps, features], and the model's
/// test predictions (raw scale) as attributions/epoch-NNNN/predictions.npy [test steps, 1].
struct TimeSeriesAttributionStage: Stage {
    let name = "attribute"
    /// The series the maps run along: the AR states' whole series, or PAMAP2's test subject.
    enum Series { case arStates(ARStatesSpec), pamap2 }
    let series: Series

    func run(_ context: RunContext) throws -> [String] {
        let dir = context.directory
        let (standardization, inputs, test) = try TimeSeriesAttributionStage.read(series, from: dir)
        let reference = try ReferenceEpoch.read(dir)
        let network = context.spec.model.build(inputShape: context.spec.data.inputShape, outputs: 1,
                                               generator: Generator(seed: 0))  // weights come from the checkpoint
        try Checkpoint.loadWeights(into: network, from: dir.root.appendingPathComponent(RunDirectory.checkpointName(epoch: reference.epoch)))
        var written: [String] = []
        for (method, configured) in zip(context.spec.attribution, try ConfiguredMethods.of(context.spec.attribution, in: dir)) {
            // Gradients become d y_raw / d x_raw; a removal method's Δy stays in standardised y
            // (it is no derivative), its dataset mean the training rows'.
            let raw = configured.attribute(network, inputs: inputs, target: .output(index: 0))
            let maps = configured is any RemovalMethod ? raw : standardization.rawInputGradient(raw)
            written.append(try TimeSmoothGradArtifacts.maps(epoch: reference.epoch, method: method.name, features: nil)
                .write(rows(test, of: maps), in: dir))
            context.progress(.note("\(method.name): maps of \(test.count) test steps"))
        }
        let predictions = standardization.rawTargets(network.forward(rows(test, of: inputs)))
        return written + [try TimeSmoothGradArtifacts.predictions(epoch: reference.epoch).write(predictions, in: dir)]
    }

    /// The series the maps run along, standardised, its standardisation, and which of its steps
    /// are test steps.
    static func read(_ series: Series, from dir: RunDirectory) throws -> (Standardization, Tensor, [Int]) {
        switch series {
        case .arStates(let s):
            let data = try ARStatesData.read(s, from: dir)
            return (data.standardization, data.standardizedInputs, data.series.steps(.test))
        case .pamap2:
            // The test subject's own series: Time-Smoothgrad must not average across subjects.
            let data = try PAMAP2Data.read(from: dir)
            return (data.standardization, data.standardizedInputs, Array(data.activities.indices))
        }
    }

    /// The test rows of the series the maps explain (standardised, as the network reads them),
    /// for the faithfulness stage.
    static func explained(_ series: Series, _ context: RunContext) throws -> (inputs: Tensor, target: (Network) -> AttributionTarget) {
        let (_, inputs, test) = try read(series, from: context.directory)
        return (TimeSeriesAttributionStage(series: series).rows(test, of: inputs), { _ in .output(index: 0) })
    }

    func rows(_ steps: [Int], of t: Tensor) -> Tensor {
        let width = t.shape.countPerItem
        let out = Tensor(uninitialized: Shape([steps.count] + Array(t.shape.dims.dropFirst())))
        for (row, step) in steps.enumerated() { (out.data + row * width).update(from: t.data + step * width, count: width) }
        return out
    }
}
