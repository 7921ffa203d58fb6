import NeuralNet
import Tensors

/// A network's layers in forward order with nested `Sequential`s opened up: the chain that
/// deep Taylor walks backwards layer by layer and that paper 001's masks are applied along.
/// A layer that is not a plain chain (a residual `BasicBlock`) stays one element, which the
/// methods walking the chain refuse by name.
struct LayerSequence {
    let layers: [(path: String, layer: Layer)]

    init(_ network: Network) {
        func open(_ s: Sequential, _ prefix: String) -> [(path: String, layer: Layer)] {
            s.children.flatMap { child -> [(path: String, layer: Layer)] in
                let path = prefix + child.name
                if let nested = child.layer as? Sequential { return open(nested, path + ".") }
                return [(path, child.layer)]
            }
        }
        layers = open(network.root, "")
    }

    /// The outputs of every layer for `x` in evaluation mode: element k is layer k's input,
    /// the last one the network's output (count = layers.count + 1).
    func forward(_ x: Tensor) -> [Tensor] {
        var values = [x]
        for (_, layer) in layers { values.append(layer.forward(values.last!, .evaluation)) }
        return values
    }

    /// The positions of the `ReLU`s in forward order.
    var reluPositions: [Int] { layers.indices.filter { layers[$0].layer is ReLU } }
}
