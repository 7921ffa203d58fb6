/// An image attribution method of paper 003 with its parameters (one entry of `attribution`).
public struct ImageAttributionSpec: SpecSection {
    public static let methods = ["saliency", "smoothgrad", "deconvnet", "guided-backprop", "guided-backprop-minus",
                                 "grad-cam", "guided-grad-cam", "integrated-gradients"]
    public var method: String
    /// Per-pixel maps: "none" keeps the input's channels, "max-abs" or "sum" reduce them.
    public var channelReduction = "none"
    /// saliency, smoothgrad: take |gradient|.
    public var absolute = false
    /// smoothgrad: noisy copies, σ as a fraction of each sample's input range, noise seed.
    public var samples = 50
    public var noiseFraction = 0.15
    public var noiseSeed = 0
    /// grad-cam, guided-grad-cam: layer path (absent = the last convolutional stage) and upsampling.
    public var layer: String?
    public var upsampling = "bilinear"
    /// integrated-gradients: path steps and constant baseline.
    public var steps = 50
    public var baseline = 0.0

    public init(_ reader: SpecReader) throws {
        method = ""
        try reader.fields { f in
            method = try f.required("method").choice(ImageAttributionSpec.methods)
            if method != "grad-cam" {  // Grad-CAM maps have one channel by construction
                channelReduction = try f.value("channelReduction", default: channelReduction) { try $0.choice(["none", "max-abs", "sum"]) }
            }
            if method == "saliency" || method == "smoothgrad" {
                absolute = try f.value("absolute", default: absolute) { try $0.bool() }
            }
            if method == "smoothgrad" {
                samples = try f.value("samples", default: samples) { try $0.integer(atLeast: 1) }
                noiseFraction = try f.value("noiseFraction", default: noiseFraction) { try $0.number(atLeast: 0) }
                noiseSeed = try f.value("noiseSeed", default: noiseSeed) { try $0.integer(atLeast: 0) }
            }
            if method == "grad-cam" || method == "guided-grad-cam" {
                layer = try f.optional("layer").map { try $0.string() }
                upsampling = try f.value("upsampling", default: upsampling) { try $0.choice(["bilinear", "nearest"]) }
            }
            if method == "integrated-gradients" {
                steps = try f.value("steps", default: steps) { try $0.integer(atLeast: 1) }
                baseline = try f.value("baseline", default: baseline) { try $0.number() }
            }
        }
    }

    public var json: JSONValue {
        var fields: [(key: String, value: JSONValue)] = [("method", JSONValue(method))]
        if method != "grad-cam" { fields.append(("channelReduction", JSONValue(channelReduction))) }
        if method == "saliency" || method == "smoothgrad" { fields.append(("absolute", JSONValue(absolute))) }
        if method == "smoothgrad" {
            fields += [("samples", JSONValue(samples)), ("noiseFraction", JSONValue(noiseFraction)), ("noiseSeed", JSONValue(noiseSeed))]
        }
        if method == "grad-cam" || method == "guided-grad-cam" {
            fields += [("layer", layer.map { JSONValue($0) } ?? .null), ("upsampling", JSONValue(upsampling))]
        }
        if method == "integrated-gradients" { fields += [("steps", JSONValue(steps)), ("baseline", JSONValue(baseline))] }
        return .object(fields)
    }
}
