import NeuralNet
import Tensors

/// Paper 001's "mask units": the clean input x runs through the network once, and every unit
/// of a masked layer that did not fire enough on x — its activation a ≤ th — is forced to 0
/// whenever a perturbed x' of that item is evaluated. The masks are fixed from x, so noise
/// cannot switch on a feature x does not have.
///
/// The thresholds belong to the network's ReLUs in forward order (`LayerSequence`): the k-th
/// threshold masks the k-th ReLU's output, and ReLUs past the list are not masked. For the
/// mnist-cnn the paper's [0.2, 0, 0] are after conv1, conv2 and fc1. Testing a ≤ th on the ReLU
/// output is the paper's "below the threshold" on the layer's output: for th > 0 it is z < th
/// up to ties, and th = 0 masks exactly the units that are off on x (z ≤ 0). The clean pass is
/// itself masked layer by layer, so a masked unit of conv1 is 0 when conv2's masks are set.
///
/// Rows of a perturbed batch name the clean item they belong to (`owners`); each row gets its
/// item's masks. `forward` keeps every layer's state for the `backward` that follows it,
/// which returns ∂(Σ seed ⊙ output)/∂x' through the masked network (a masked unit passes
/// nothing back). Not for concurrent use: the layers are the network's own.
struct UnitMasks {
    let chain: LayerSequence
    /// Position in `chain.layers` of each masked ReLU, with its threshold.
    let masked: [(position: Int, threshold: Float)]
    /// Per masked ReLU: (items, units per item), 1 where the unit may fire, 0 where it is forced to 0.
    let keep: [Tensor]
    /// The masked network's output for the clean items (items, K).
    let cleanOutput: Tensor

    init(_ network: Network, thresholds: [Float], clean: Tensor) {
        chain = LayerSequence(network)
        let relus = chain.reluPositions
        precondition(thresholds.count <= relus.count,
                     "\(thresholds.count) mask thresholds for the \(relus.count) ReLUs of the \(network.kind)")
        masked = zip(relus, thresholds).map { (position: $0, threshold: $1) }
        var h = clean, keep: [Tensor] = []
        for (k, (_, layer)) in chain.layers.enumerated() {
            h = layer.forward(h, .evaluation)
            guard let m = masked.first(where: { $0.position == k }) else { continue }
            let mask = Tensor(uninitialized: h.shape)
            withExtendedLifetime(h) {
                let a = h.data, out = mask.data
                for i in 0..<h.count { out[i] = a[i] > m.threshold ? 1 : 0 }
            }
            h = h.copy()  // the ReLU's own output stays as it computed it
            Self.multiply(h, by: mask, owners: Array(0..<h.shape[0]))
            keep.append(mask)
        }
        self.keep = keep
        cleanOutput = h
    }

    /// The masked network's output for rows `x` (R, …), row r belonging to clean item owners[r].
    func forward(_ x: Tensor, owners: [Int]) -> Tensor {
        precondition(owners.count == x.shape[0], "\(owners.count) owners for \(x.shape[0]) rows")
        var h = x
        for (k, (_, layer)) in chain.layers.enumerated() {
            h = layer.forward(h, .evaluation)
            if let j = masked.firstIndex(where: { $0.position == k }) {
                h = h.copy()
                Self.multiply(h, by: keep[j], owners: owners)
            }
        }
        return h
    }

    /// ∂(Σ seed ⊙ output)/∂x for the rows of the last `forward` (same owners).
    func backward(_ seed: Tensor, owners: [Int]) -> Tensor {
        var g = seed
        for k in chain.layers.indices.reversed() {
            if let j = masked.firstIndex(where: { $0.position == k }) {
                g = g.copy()
                Self.multiply(g, by: keep[j], owners: owners)
            }
            g = chain.layers[k].layer.backward(g, .inputOnly)
        }
        return g
    }

    /// t[r] ← t[r] ⊙ mask[owners[r]] in place; t: (R, units…), mask: (items, units…).
    static func multiply(_ t: Tensor, by mask: Tensor, owners: [Int]) {
        let per = t.shape.countPerItem
        precondition(mask.shape.countPerItem == per, "mask of \(mask.shape) for rows of \(t.shape)")
        withExtendedLifetime(mask) {
            for (r, item) in owners.enumerated() {
                let row = t.data + r * per, m = mask.data + item * per  // both (per)
                for i in 0..<per { row[i] *= m[i] }
            }
        }
    }
}
