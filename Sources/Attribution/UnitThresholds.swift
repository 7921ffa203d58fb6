import NeuralNet
import Tensors

/// Paper 004's th = μ + 2σ of every unit's non-zero training activations (`EAPThreshold`),
/// for all units of several layers from one pass over the training inputs: one forward pass
/// per batch to the deepest layer, reading the shallower ones from the stored activations.
///
/// Sums are in Double and added batch by batch in order, so the result does not depend on
/// the thread count; they are one-pass (Σa, Σa²), which for post-ReLU activations of order 1
/// agrees with `EAPThreshold.fit`'s two passes to float precision (a test compares them).
public enum UnitThresholds {
    /// th per layer and unit; nil for a unit that never fired. `layers` are paths in
    /// forward order or not — the deepest is found by position in `network.layerPaths`.
    public static func fit(_ network: Network, layers: [String], inputs: Tensor, batchSize: Int = 256) -> [String: [Float?]] {
        precondition(batchSize > 0 && !layers.isEmpty, "UnitThresholds.fit: batch size \(batchSize), layers \(layers)")
        let paths = network.layerPaths
        guard let deepest = layers.max(by: { (paths.firstIndex(of: $0) ?? -1) < (paths.firstIndex(of: $1) ?? -1) }),
              layers.allSatisfy(paths.contains) else {
            preconditionFailure("UnitThresholds.fit: \(layers) not all in \(paths)")
        }
        // Per layer and unit: count, Σa, Σa² over the non-zero activations.
        var sums: [String: [(n: Int, s: Double, q: Double)]] = [:]
        var start = 0
        while start < inputs.shape[0] {
            let end = min(start + batchSize, inputs.shape[0])
            _ = network.forward(inputs.items(start..<end), .evaluation, through: deepest)
            for layer in layers {
                // a: (N, C, ...) — unit c's values are the c-th block of each item
                let a = network.activation(at: layer)
                let units = a.shape[1], block = a.shape.countPerItem / units
                var layerSums = sums[layer] ?? Array(repeating: (0, 0, 0), count: units)
                for item in 0..<(end - start) {
                    for c in 0..<units {
                        let p = a.data + item * a.shape.countPerItem + c * block
                        var (n, s, q) = layerSums[c]
                        for i in 0..<block where p[i] != 0 {
                            let v = Double(p[i])
                            n += 1; s += v; q += v * v
                        }
                        layerSums[c] = (n, s, q)
                    }
                }
                sums[layer] = layerSums
            }
            start = end
        }
        return sums.mapValues { units in
            units.map { u in
                guard u.n > 0 else { return nil }
                let mean = u.s / Double(u.n)
                return Float(mean + 2 * max(u.q / Double(u.n) - mean * mean, 0).squareRoot())
            }
        }
    }
}
