import Attribution
import Foundation
import NeuralNet
import Tensors

/// Paper 004's generated signals: for every seed's reference model, every chosen layer and
/// variant, activation maximization of each unit (the ReLU output after the convolution),
/// with th = μ + 2σ of the unit's non-zero training activations. Writes, per seed and layer,
/// am/seed-N/<layer>/units.csv (unit, th; units that never fired are left out) and per variant
/// <variant>-signals.npy (units, time) in the input's units (g) and <variant>-activations.npy
/// (units, positions), the unit's feature map on the signal's axis at the result.
/// Resumes per (seed, layer, variant): finished arrays are kept.
struct ActivationMaximizationStage: Stage {
    let name = "maximize"

    static func folder(seed: Int, layer: String) -> String { "am/seed-\(seed)/\(layer)" }
    /// File stem of a variant ("l2+tv+eap" → "l2-tv-eap").
    static func stem(_ variant: String) -> String { variant.replacingOccurrences(of: "+", with: "-") }

    func run(_ context: RunContext) throws -> [String] {
        let spec = context.spec, dir = context.directory, am = spec.activationMaximization
        guard case .sfhfCNN = spec.model else {
            throw RunError.stageFailed(stage: name, reason: "activation maximization runs on the sfhf-cnn (one axis per filter)")
        }
        let train = try SupervisedArrays.read("train", in: dir)
        var written: [String] = []
        for seed in spec.seeds {
            let (network, _) = try SeedFolder.referenceModel(spec, seed: seed, in: dir)
            let outputs = try am.layers.map { try ActivationMaximizationStage.unitOutput(of: $0, in: network) }
            var thresholds: [String: [Float?]]?  // fitted only when some variant is still to run
            for (layer, output) in zip(am.layers, outputs) {
                let unitsTable = ActivationMaximizationArtifacts.units(seed: seed, layer: layer)
                let files = am.variants.map { v in
                    [ActivationMaximizationArtifacts.signals(seed: seed, layer: layer, variant: v, units: nil).path,
                     ActivationMaximizationArtifacts.activations(seed: seed, layer: layer, variant: v, units: nil).path]
                }
                if dir.exists(unitsTable.path) && files.joined().allSatisfy(dir.exists) {
                    written += [unitsTable.path] + files.joined()
                    continue
                }
                if thresholds == nil { thresholds = UnitThresholds.fit(network, layers: outputs, inputs: train.inputs) }
                let all = thresholds![output]!
                let units = (0..<min(am.units ?? all.count, all.count)).filter { all[$0] != nil }
                guard !units.isEmpty else {
                    throw RunError.stageFailed(stage: name, reason: "seed \(seed): no unit of \(layer) fires on the training data")
                }
                let th = units.map { all[$0]! }
                try dir.write(unitsTable.header + zip(units, th).map { "\($0),\($1)\n" }.joined(), to: unitsTable.path)
                written.append(unitsTable.path)
                let trunk = SFHFCNN.singleAxisTrunk(of: network, through: output)
                for (variant, paths) in zip(am.variantValues, files) {
                    if dir.exists(paths[0]) && dir.exists(paths[1]) { written += paths; continue }
                    let started = Date()
                    let results = am.method(variant).run(trunk, layer: output, units: units, thresholds: th)
                    let time = results[0].signal.count, positions = results[0].featureMap.count
                    try dir.write(Tensor(shape: [units.count, time], values: results.flatMap(\.signal)), to: paths[0])
                    try dir.write(Tensor(shape: [units.count, positions], values: results.flatMap(\.featureMap)), to: paths[1])
                    written += paths
                    context.progress(.note(String(format: "seed %d %@ %@: %d units in %.1f s", seed, layer, variant.rawValue,
                                                  units.count, Date().timeIntervalSince(started))))
                }
            }
        }
        return written
    }

    /// The ReLU that follows convolution `layer`: its output is the unit's activation.
    static func unitOutput(of layer: String, in network: Network) throws -> String {
        let names = network.root.children.map(\.name)
        guard let k = names.firstIndex(of: layer), network.root.children[k].layer is Conv2d else {
            throw RunError.stageFailed(stage: "maximize", reason: "activationMaximization.layers: \(layer) is not a convolution of the \(network.kind) (\(names.joined(separator: ", ")))")
        }
        guard k + 1 < names.count, network.root.children[k + 1].layer is ReLU else {
            throw RunError.stageFailed(stage: "maximize", reason: "\(layer) is not followed by a ReLU")
        }
        return names[k + 1]
    }
}
