import NeuralNet
import Tensors

/// Grad-CAM (Selvaraju, Cogswell, Das, Vedantam, Parikh & Batra 2017): with A (N, K, u, v) the
/// output of a convolutional layer,
///
///     α_k = (1/(u·v)) Σ_ij ∂S_c/∂A^k_ij,      L = ReLU(Σ_k α_k A^k)
///
/// L is a per-pixel map (N, 1, u, v) at the layer's resolution (`layerMaps`); `attribute`
/// resizes it to the input's H×W (bilinear, as Selvaraju et al.), giving (N, 1, H, W) — the
/// one image method whose map has no channels to reduce.
public struct GradCAM: ConfigurableMethod, LayerMethod, Sendable {
    public static let name = "grad-cam"
    /// The layer A is the output of, a `Network.layerPaths` entry ("layer4", "layer3.1", "relu2");
    /// nil: `defaultLayer(of:)`.
    public let layer: String?
    public let upsampling: Upsampling
    /// Items per forward/backward pass: bounds the memory of the activations, not the result.
    public let batchSize: Int

    public init(layer: String? = nil, upsampling: Upsampling = .bilinear, batchSize: Int = 64) {
        precondition(batchSize > 0, "grad-cam: batch size must be positive, got \(batchSize)")
        self.layer = layer
        self.upsampling = upsampling
        self.batchSize = batchSize
    }

    /// Spec options: `layer` (absent: the last convolutional stage), `upsampling` (bilinear).
    /// No `channelReduction`: the map has one channel by construction.
    public init(_ p: some MethodParameters) throws {
        let layer = try p.text("layer")
        self.init(layer: layer, upsampling: try p.choice("upsampling", default: Upsampling.bilinear))
    }

    /// Grad-CAM at the layer's resolution.
    public struct LayerMaps {
        /// The layer path A was read at.
        public let layer: String
        /// α: (N, K), one weight per channel of A.
        public let weights: Tensor
        /// L: (N, 1, u, v).
        public let maps: Tensor
    }

    public func attribute(_ network: Network, inputs: Tensor, target: AttributionTarget) -> Tensor {
        precondition(inputs.shape.rank == 4, "grad-cam needs (N, C, H, W) inputs, got \(inputs.shape)")
        return upsampling.resize(layerMaps(network, inputs: inputs, target: target).maps,
                                 height: inputs.shape[2], width: inputs.shape[3])
    }

    /// α and L for every item, in evaluation mode and without parameter gradients.
    public func layerMaps(_ network: Network, inputs: Tensor, target: AttributionTarget) -> LayerMaps {
        let path = layer ?? Self.defaultLayer(of: network)
        let n = inputs.shape[0]
        var weights: Tensor?, maps: Tensor?
        for start in stride(from: 0, to: n, by: batchSize) {
            let range = start..<min(start + batchSize, n)
            let output = network.forward(inputs.items(range), .evaluation)
            let a = network.activation(at: path)
            precondition(a.shape.rank == 4, "grad-cam: layer '\(path)' gives \(a.shape), not (N, K, u, v)")
            // Stopping at the layer gives ∂S_c/∂A, the gradient w.r.t. the layer's output.
            let dA = network.backward(target.items(range).seed(for: output),
                                      BackwardOptions(reluRule: .standard, parameterGradients: false),
                                      stopAt: path)
            let (k, s) = (a.shape[1], a.shape[2] * a.shape[3])
            if weights == nil {
                weights = Tensor(uninitialized: [n, k])
                maps = Tensor(uninitialized: [n, 1, a.shape[2], a.shape[3]])
            }
            withExtendedLifetime((a, dA)) {
                let alpha = weights!.data + start * k, map = maps!.data + start * s
                for row in 0..<range.count {
                    let activation = a.data + row * k * s, gradient = dA.data + row * k * s  // (K, u·v)
                    var combined = [Double](repeating: 0, count: s)
                    for ch in 0..<k {
                        var total = 0.0
                        for j in 0..<s { total += Double(gradient[ch * s + j]) }
                        let weight = total / Double(s)
                        alpha[row * k + ch] = Float(weight)
                        for j in 0..<s { combined[j] += weight * Double(activation[ch * s + j]) }
                    }
                    for j in 0..<s { map[row * s + j] = Float(max(combined[j], 0)) }
                }
            }
        }
        precondition(weights != nil, "grad-cam: no items to explain")
        return LayerMaps(layer: path, weights: weights!, maps: maps!)
    }

    /// The last top-level layer whose output is 4-D (N, C, h, w): "layer4" for ResNet-18 (its
    /// last convolutional stage, the paper's layer; avgpool's output is 2-D). Only top-level
    /// children count: a stage's last block ends at the same tensor as the stage, and the stage
    /// is the name the paper uses. Found from the layers' output shapes, without a forward pass.
    public static func defaultLayer(of network: Network) -> String {
        var shape = Shape([1] + network.inputShape.dims)
        var last: String?
        for child in network.root.children {
            shape = child.layer.outputShape(for: shape)
            if shape.rank == 4 { last = child.name }
        }
        guard let last else { preconditionFailure("grad-cam: no layer of \(network.kind) has a 4-D (N, C, h, w) output") }
        return last
    }
}
