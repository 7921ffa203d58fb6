import NeuralNet
import Tensors

/// Paper 001's objective for one item's noise amplitudes w (one per pixel, shared by the
/// channels), over N draws U_n of uniform noise in [−1, 1]:
///
///     x'_n = x + U_n ⊙ w
///     E(w) = (1/N) Σ_n Σ_k max(|y_k − y'_nk| − a, 0)  −  λ (1/L) Σ_p w_p
///
/// y the masked network's output for x, y'_n for x'_n (`UnitMasks`), softmax probabilities or
/// logits (`outputs`), a the tolerance, L = H·W the pixels, λ the reward weight (the paper's is 1).
/// Its gradient, by the chain rule through the hinge, the softmax and the masked network:
///
///     g_nk = (1/N) · [|y'_nk − y_k| > a] · sign(y'_nk − y_k)          ∂E/∂y'_nk
///     δ_n  = y'_n ⊙ (g_n − ⟨g_n, y'_n⟩)                              ∂E/∂z_n (softmax; δ = g for logits)
///     ∂E/∂w_p = Σ_n Σ_c (∂E/∂x'_n)_{c,p} · U_{n,c,p}  −  λ / L
///
/// with ∂E/∂x'_n the masked network's backward pass of δ_n. At |y'_k − y_k| = a the hinge's
/// subgradient 0 is taken. Sums over n, k, c run in Double in index order, so neither the
/// value nor the gradient depends on how the rows are split into passes (`batchSize`).
struct InvarianceObjective {
    typealias Outputs = InvariantPerturbation.Outputs

    let masks: UnitMasks
    let tolerance: Float
    let reward: Double
    let outputs: Outputs
    /// Perturbed rows per forward/backward pass (memory only).
    let batchSize: Int

    /// y for every clean item (items, K): the masked output, as softmax probabilities if asked.
    var reference: Tensor { outputs == .softmax ? SoftmaxCrossEntropy.probabilities(masks.cleanOutput) : masks.cleanOutput }

    /// E and ∂E/∂w of the clean items `items` (positions in the batch the masks were fitted on).
    /// inputs: (items of the mask batch, C, H, W); w: (items.count, 1, H, W);
    /// noise: (items.count · N, C, H, W), item-major (item j's draws are rows j·N ..< (j+1)·N).
    func evaluate(inputs: Tensor, items: [Int], w: Tensor, noise: Tensor, samples: Int) -> (values: [Double], gradient: Tensor) {
        let (c, h, width) = (inputs.shape[1], inputs.shape[2], inputs.shape[3])
        let pixels = h * width, per = c * pixels
        precondition(w.shape == Shape([items.count, 1, h, width]), "invariance: w \(w.shape) for \(items.count) items of \(inputs.shape)")
        precondition(noise.shape == Shape([items.count * samples, c, h, width]), "invariance: noise \(noise.shape), expected \(items.count * samples) draws")
        let y = reference, k = y.shape[1]
        var hinge = [Double](repeating: 0, count: items.count)
        var gradient = [Double](repeating: 0, count: items.count * pixels)
        let rows = items.count * samples
        for start in stride(from: 0, to: rows, by: batchSize) {
            let range = start..<min(start + batchSize, rows)
            let owners = range.map { items[$0 / samples] }
            // x'[r] = x[owner] + U[r] ⊙ w[item of r]; x': (R, C, H, W), w broadcast over C.
            let perturbed = Tensor(uninitialized: Shape([range.count, c, h, width]))
            withExtendedLifetime((inputs, w, noise)) {
                for (row, r) in range.enumerated() {
                    let x = inputs.data + owners[row] * per, u = noise.data + r * per
                    let amplitude = w.data + (r / samples) * pixels, out = perturbed.data + row * per
                    for ch in 0..<c {
                        for p in 0..<pixels { out[ch * pixels + p] = x[ch * pixels + p] + u[ch * pixels + p] * amplitude[p] }
                    }
                }
            }
            let z = masks.forward(perturbed, owners: owners)
            let yPrime = outputs == .softmax ? SoftmaxCrossEntropy.probabilities(z) : z
            let seed = Tensor(uninitialized: z.shape)  // (R, K): ∂E/∂z
            withExtendedLifetime((y, yPrime)) {
                for (row, r) in range.enumerated() {
                    let item = r / samples
                    let clean = y.data + owners[row] * k, noisy = yPrime.data + row * k, g = seed.data + row * k
                    var inner = 0.0
                    for j in 0..<k {
                        let d = Double(noisy[j]) - Double(clean[j])
                        let excess = abs(d) - Double(tolerance)
                        hinge[item] += max(excess, 0)
                        let gj = excess > 0 ? (d > 0 ? 1.0 : -1.0) / Double(samples) : 0
                        g[j] = Float(gj)
                        inner += gj * Double(noisy[j])
                    }
                    if outputs == .softmax {
                        for j in 0..<k { g[j] = Float(Double(noisy[j]) * (Double(g[j]) - inner)) }
                    }
                }
            }
            let dx = masks.backward(seed, owners: owners)
            withExtendedLifetime((dx, noise)) {
                for (row, r) in range.enumerated() {
                    let item = r / samples, d = dx.data + row * per, u = noise.data + r * per
                    for ch in 0..<c {
                        for p in 0..<pixels { gradient[item * pixels + p] += Double(d[ch * pixels + p]) * Double(u[ch * pixels + p]) }
                    }
                }
            }
        }
        let result = Tensor(uninitialized: w.shape)
        var values = [Double](repeating: 0, count: items.count)
        withExtendedLifetime(w) {
            for item in items.indices {
                let amplitude = w.data + item * pixels
                var total = 0.0
                for p in 0..<pixels { total += Double(amplitude[p]) }
                values[item] = hinge[item] / Double(samples) - reward * total / Double(pixels)
                for p in 0..<pixels { result.data[item * pixels + p] = Float(gradient[item * pixels + p] - reward / Double(pixels)) }
            }
        }
        return (values, result)
    }
}
