import Attribution

/// An image attribution method of paper 003 with its parameters (one entry of `attribution`).
public struct ImageAttributionSpec: SpecSection {
    /// The image methods, by the name a spec and a result file use.
    public enum Method: String, CaseIterable, Sendable {
        case saliency, smoothgrad, deconvnet, guidedBackprop = "guided-backprop", guidedBackpropMinus = "guided-backprop-minus"
        case gradCAM = "grad-cam", guidedGradCAM = "guided-grad-cam", integratedGradients = "integrated-gradients"
    }
    public static let methods = Method.allCases.map(\.rawValue)
    /// The spec's names of the channel reductions ("max-abs" reads better in JSON than the case name).
    static let reductions: [(name: String, reduction: ChannelReduction)] = [("none", .none), ("max-abs", .maxAbs), ("sum", .sum)]

    public var method: Method
    /// Per-pixel maps: "none" keeps the input's channels, "max-abs" or "sum" reduce them.
    public var channelReduction = ChannelReduction.none
    /// saliency, smoothgrad: take |gradient|.
    public var absolute = false
    /// smoothgrad: noisy copies, σ as a fraction of each sample's input range, noise seed.
    public var samples = 50
    public var noiseFraction = 0.15
    public var noiseSeed = 0
    /// grad-cam, guided-grad-cam: layer path (absent = the last convolutional stage) and upsampling.
    public var layer: String?
    public var upsampling = Upsampling.bilinear
    /// integrated-gradients: path steps and constant baseline.
    public var steps = 50
    public var baseline = 0.0

    public init(_ reader: SpecReader) throws {
        method = .saliency
        try reader.fields { f in
            method = try f.required("method").choice(Method.self)
            if method != .gradCAM {  // Grad-CAM maps have one channel by construction
                channelReduction = try f.value("channelReduction", default: channelReduction) { r in
                    let name = try r.choice(ImageAttributionSpec.reductions.map(\.name))
                    return ImageAttributionSpec.reductions.first { $0.name == name }!.reduction
                }
            }
            if method == .saliency || method == .smoothgrad {
                absolute = try f.value("absolute", default: absolute) { try $0.bool() }
            }
            if method == .smoothgrad {
                samples = try f.value("samples", default: samples) { try $0.integer(atLeast: 1) }
                noiseFraction = try f.value("noiseFraction", default: noiseFraction) { try $0.number(atLeast: 0) }
                noiseSeed = try f.value("noiseSeed", default: noiseSeed) { try $0.integer(atLeast: 0) }
            }
            if method == .gradCAM || method == .guidedGradCAM {
                layer = try f.optional("layer").map { try $0.string() }
                upsampling = try f.value("upsampling", default: upsampling) { try $0.choice(Upsampling.self) }
            }
            if method == .integratedGradients {
                steps = try f.value("steps", default: steps) { try $0.integer(atLeast: 1) }
                baseline = try f.value("baseline", default: baseline) { try $0.number() }
            }
        }
    }

    public var json: JSONValue {
        var fields: [(key: String, value: JSONValue)] = [("method", JSONValue(method.rawValue))]
        if method != .gradCAM {
            fields.append(("channelReduction", JSONValue(ImageAttributionSpec.reductions.first { $0.reduction == channelReduction }!.name)))
        }
        if method == .saliency || method == .smoothgrad { fields.append(("absolute", JSONValue(absolute))) }
        if method == .smoothgrad {
            fields += [("samples", JSONValue(samples)), ("noiseFraction", JSONValue(noiseFraction)), ("noiseSeed", JSONValue(noiseSeed))]
        }
        if method == .gradCAM || method == .guidedGradCAM {
            fields += [("layer", layer.map { JSONValue($0) } ?? .null), ("upsampling", JSONValue(upsampling.rawValue))]
        }
        if method == .integratedGradients { fields += [("steps", JSONValue(steps)), ("baseline", JSONValue(baseline))] }
        return .object(fields)
    }
}
