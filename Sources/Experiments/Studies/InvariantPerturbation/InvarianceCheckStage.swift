import Attribution
import NeuralNet
import Tensors

/// The check paper 001 lacks: does the learned noise really leave the output alone? Each
/// explained image x with its map w gets `trials` draws U ~ Uniform[−1, 1], and two noisy
/// copies per draw:
///
///     learned:  x + U ⊙ w
///     uniform:  x + U ⊙ w̄,   w̄ = mean_p w_p at every pixel (the same total amplitude Σ_p w_p)
///
/// each through the reference model as it is ("plain": does the noise leave the model's
/// output alone?) and through the model with the method's mask units fitted on x ("masked":
/// what the optimisation saw). Per image, kind and model: the draws whose predicted class
/// stayed the clean one, and the mean change of that class's softmax probability.
/// The draws follow the method's noise rule: each image's own `Generator(seed: noiseSeed)`,
/// draw t for value e is uniform number t·count + e, the same U for both kinds. Writes
/// invariance/per-image.csv.
struct InvarianceCheckStage: Stage {
    let name = "invariance"

    func run(_ context: RunContext) throws -> [String] {
        let spec = context.spec, dir = context.directory, check = spec.invariance
        let network = try SnapshotModel.loadReference(spec, from: dir)
        let samples = try InvariantPerturbationArtifacts.samples.read(in: dir)
        let inputs = try InvariantPerturbationArtifacts.inputs(images: samples.count).read(in: dir)
        let entry = InvariantPerturbationStudy.perturbationEntry(spec)!  // validation asked for one
        let (method, perturbation) = (entry.name, entry.method as! InvariantPerturbation)
        let w = try InvariantPerturbationArtifacts.maps(method: method, images: samples.count).read(in: dir)
        let (c, h, width) = (inputs.shape[1], inputs.shape[2], inputs.shape[3])
        let pixels = h * width, per = c * pixels
        guard w.shape == Shape([samples.count, 1, h, width]) else {
            throw RunError.stageFailed(stage: name, reason: "\(method) maps are \(w.shape), expected (\(samples.count), 1, \(h), \(width))")
        }
        let clean = SoftmaxCrossEntropy.probabilities(network.forward(inputs))
        let predicted = clean.argmaxRows()
        var table = InvariantPerturbationArtifacts.invariance.header
        for i in 0..<samples.count {
            let (row, label) = (try samples.int(i, "row"), try samples.int(i, "label"))
            let amplitude = Array(UnsafeBufferPointer(start: w.data + i * pixels, count: pixels))
            let total = amplitude.reduce(0.0) { $0 + Double($1) }
            let spread = [Float](repeating: Float(total / Double(pixels)), count: pixels)
            let generator = Generator(seed: UInt64(check.noiseSeed))
            let noise = Tensor(uninitialized: Shape([check.trials, c, h, width]))
            for e in 0..<noise.count { noise.data[e] = generator.uniform(-1, 1) }
            for (kind, a) in [("learned", amplitude), ("uniform", spread)] {
                // x'[t] = x + U[t] ⊙ a; x': (trials, C, H, W), a broadcast over C.
                let noisy = Tensor(uninitialized: noise.shape)
                withExtendedLifetime(inputs) {
                    let x = inputs.data + i * per
                    for t in 0..<check.trials {
                        let u = noise.data + t * per, out = noisy.data + t * per
                        for ch in 0..<c { for p in 0..<pixels { out[ch * pixels + p] = x[ch * pixels + p] + u[ch * pixels + p] * a[p] } }
                    }
                }
                let cleanItem = inputs.items(i..<i + 1)
                let maskedClean = perturbation.maskedProbabilities(network, clean: cleanItem, perturbed: cleanItem)
                for model in ["plain", "masked"] {
                    var kept = 0, change = 0.0
                    for start in stride(from: 0, to: check.trials, by: 256) {
                        let range = start..<min(start + 256, check.trials)
                        let p = model == "plain" ? SoftmaxCrossEntropy.probabilities(network.forward(noisy.items(range)))
                            : perturbation.maskedProbabilities(network, clean: cleanItem, perturbed: noisy.items(range))
                        let base = model == "plain" ? Double(clean[i, predicted[i]]) : Double(maskedClean[0, predicted[i]])
                        kept += p.argmaxRows().filter { $0 == predicted[i] }.count
                        for r in 0..<range.count { change += Double(p[r, predicted[i]]) - base }
                    }
                    table += "\(row),\(label),\(kind),\(model),\(check.trials),\(kept),"
                        + "\(number(change / Double(check.trials))),\(number(total))\n"
                }
            }
        }
        try dir.write(table, to: InvariantPerturbationArtifacts.invariance.path)
        return [InvariantPerturbationArtifacts.invariance.path]
    }
}
