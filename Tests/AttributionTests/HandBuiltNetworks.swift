import NeuralNet
import Tensors

/// MLPs whose weights the tests set by hand, so every gradient can be worked out on paper.
enum HandBuiltNetworks {
    /// Overwrites the parameter `name` ("fc1.weight", …) with `values` in row-major order.
    static func set(_ network: Network, _ name: String, _ values: [Float]) {
        guard let parameter = network.parameters.first(where: { $0.name == name })?.parameter else {
            preconditionFailure("no parameter \(name)")
        }
        precondition(parameter.value.count == values.count, "\(name) holds \(parameter.value.count) values")
        for (i, v) in values.enumerated() { parameter.value.data[i] = v }
    }

    /// y = w·x + b.
    static func linear(weights: [Float], bias: Float) -> Network {
        let network = MLP.make(sizes: [weights.count, 1], generator: Generator(seed: 0))
        set(network, "fc1.weight", weights)
        set(network, "fc1.bias", [bias])
        return network
    }

    /// y = 3·relu(x0 − x1) − 2·relu(2 x0 + x1 − 1) + 0.5.
    static func oneHiddenReLU() -> Network {
        let network = MLP.make(sizes: [2, 2, 1], generator: Generator(seed: 0))
        set(network, "fc1.weight", [1, -1, 2, 1])
        set(network, "fc1.bias", [0, -1])
        set(network, "fc2.weight", [3, -2])
        set(network, "fc2.bias", [0.5])
        return network
    }
}
