import Tensors

/// Named layers applied in order, like PyTorch's `nn.Sequential` / a module's children.
/// It remembers each child's last output so a backward pass can start or stop at any child,
/// named by a dotted path ("layer4", "layer4.1"): the hooks Grad-CAM and activation
/// maximization need.
public final class Sequential: Layer {
    public let children: [(name: String, layer: Layer)]
    private var outputs: [Tensor?]

    public init(_ children: [(String, Layer)]) {
        self.children = children.map { (name: $0.0, layer: $0.1) }
        outputs = Array(repeating: nil, count: children.count)
        precondition(Set(children.map(\.0)).count == children.count, "duplicate child names")
    }
    /// Children named "0", "1", … as in `nn.Sequential(a, b, …)`.
    public convenience init(numbered layers: [Layer]) {
        self.init(layers.enumerated().map { (String($0.offset), $0.element) })
    }

    public var state: [(name: String, entry: StateEntry)] {
        children.flatMap { prefixed($0.name, $0.layer) }
    }
    public func outputShape(for input: Shape) -> Shape {
        children.reduce(input) { $1.layer.outputShape(for: $0) }
    }

    /// Every valid path to a child, nested Sequentials included, in forward order.
    public var layerPaths: [String] {
        children.flatMap { child -> [String] in
            [child.name] + ((child.layer as? Sequential)?.layerPaths.map { child.name + "." + $0 } ?? [])
        }
    }

    public func forward(_ x: Tensor, _ context: ForwardContext) -> Tensor {
        forward(x, context, through: nil)
    }

    /// Runs the children up to and including the one at `path` (all of them if nil).
    public func forward(_ x: Tensor, _ context: ForwardContext, through path: String?) -> Tensor {
        let (head, rest) = Sequential.split(path)
        // Kept for `activation(at:)` (Grad-CAM, activation maximization: evaluation passes);
        // a training or inference pass would only hold on to outputs no one reads.
        let keepsOutputs = context.mode != .training && context.savesForBackward
        var h = x
        var i = 0
        while i < children.count {
            let child = children[i]
            if child.name == head, let rest {
                h = nested(i, path!).forward(h, context, through: rest)
                outputs[i] = nil  // the child did not run to its end
                return h
            }
            // A Conv2d whose output only a ReLU reads (no output kept, the pass not stopping at
            // it): the convolution rectifies its output chunk by chunk, and the ReLU keeps that
            // for its backward as its own forward would — one pass over the activation fewer, the
            // same bits. In `--profile` the ReLU's forward time is counted as the convolution's.
            if !keepsOutputs, child.name != head, i + 1 < children.count,
               let conv = child.layer as? Conv2d, let relu = children[i + 1].layer as? ReLU {
                h = timedForward(conv, child.name) { [h] in conv.forward(h, context, rectified: true) }
                relu.keep(output: h, context)
                (outputs[i], outputs[i + 1]) = (nil, nil)
                if children[i + 1].name == head { return h }
                i += 2
                continue
            }
            h = timedForward(child.layer, child.name, h, context)
            outputs[i] = keepsOutputs ? h : nil
            if child.name == head { return h }
            i += 1
        }
        precondition(head == nil, "no layer '\(path!)'; layers are \(layerPaths)")
        return h
    }

    public func backward(_ dOutput: Tensor, _ options: BackwardOptions) -> Tensor {
        backward(dOutput, options, from: nil, stopAt: nil)
    }

    /// Backpropagates `dOutput`, the gradient w.r.t. the output of the child at `from` (the
    /// whole sequence if nil), towards the input. With `stopAt`, it returns instead the gradient
    /// w.r.t. the output of the child at that path, without going through it.
    public func backward(_ dOutput: Tensor, _ options: BackwardOptions,
                         from: String?, stopAt: String?) -> Tensor {
        let (fromHead, fromRest) = Sequential.split(from)
        let (stopHead, stopRest) = Sequential.split(stopAt)
        var start = children.count - 1
        if let fromHead {
            guard let i = children.firstIndex(where: { $0.name == fromHead }) else {
                preconditionFailure("no layer '\(from!)'; layers are \(layerPaths)")
            }
            start = i
        }
        if let stopHead { precondition(children.contains { $0.name == stopHead }, "no layer '\(stopAt!)'; layers are \(layerPaths)") }
        var g = dOutput
        var skipsReLU = false  // the child just done computed this ReLU's backward
        for i in stride(from: start, through: 0, by: -1) {
            let child = children[i]
            if skipsReLU { skipsReLU = false; continue }
            var options = options
            if i > 0 { options.inputGradient = true }  // child i − 1 reads it
            let startsInside = i == start && fromRest != nil
            if child.name == stopHead {
                if let stopRest {
                    return nested(i, stopAt!).backward(g, options, from: startsInside ? fromRest : nil, stopAt: stopRest)
                }
                return g
            }
            if startsInside {
                g = nested(i, from!).backward(g, options, from: fromRest, stopAt: nil)
            } else if let fused = child.layer as? BackwardThroughReLU, options.reluRule == .standard, i > 0,
                      let relu = children[i - 1].layer as? ReLU, children[i - 1].name != stopHead {
                // The ReLU before it (not where the pass stops) inside this layer's backward.
                g = timedBackward(child.layer, child.name) { [g] in fused.backward(g, options, throughReLU: true) }
                relu.backwardComputedByNextLayer(options)
                skipsReLU = true
            } else {
                g = timedBackward(child.layer, child.name, g, options)
            }
        }
        return g
    }

    /// The last output of the child at `path`, from the most recent forward pass.
    public func activation(at path: String) -> Tensor {
        let (head, rest) = Sequential.split(path)
        guard let i = children.firstIndex(where: { $0.name == head }) else {
            preconditionFailure("no layer '\(path)'; layers are \(layerPaths)")
        }
        if let rest { return nested(i, path).activation(at: rest) }
        guard let out = outputs[i] else { preconditionFailure("layer '\(path)' has not run forward") }
        return out
    }

    private func nested(_ i: Int, _ path: String) -> Sequential {
        guard let s = children[i].layer as? Sequential else {
            preconditionFailure("'\(path)': '\(children[i].name)' has no named children")
        }
        return s
    }

    static func split(_ path: String?) -> (String?, String?) {
        guard let path else { return (nil, nil) }
        guard let dot = path.firstIndex(of: ".") else { return (path, nil) }
        return (String(path[..<dot]), String(path[path.index(after: dot)...]))
    }
}
