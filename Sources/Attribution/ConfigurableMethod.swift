import NeuralNet

/// An attribution method a spec can name: its name and the parameters it reads. The method's
/// file is the one place that knows both the algorithm and its options, so a new method is one
/// file plus its line in `AttributionMethods`.
public protocol ConfigurableMethod: AttributionMethod {
    /// The name a spec and a result file use, e.g. "smoothgrad".
    static var name: String { get }
    /// Reads the method's options, each with its default, in the order the resolved spec lists them.
    init(_ parameters: some MethodParameters) throws
}

extension ConfigurableMethod {
    public var name: String { Self.name }
}

/// Named option values with defaults, as a method reads them from a spec entry. The experiment
/// layer implements it over a JSON object: its errors name the JSON path, and it records every
/// value, given or defaulted, for the resolved spec. Unknown keys are rejected there.
public protocol MethodParameters {
    func integer(_ key: String, default: Int, atLeast: Int) throws -> Int
    func number(_ key: String, default: Double, atLeast: Double?) throws -> Double
    func flag(_ key: String, default: Bool) throws -> Bool
    /// An optional string: absent is nil (recorded as null).
    func text(_ key: String) throws -> String?
    /// A list of numbers, each at least `atLeast` when given (paper 001's per-layer thresholds).
    func numbers(_ key: String, default: [Double], atLeast: Double?) throws -> [Double]
    /// One of a closed set of names; the error lists them.
    func choice<Name: RawRepresentable & CaseIterable>(_ key: String, default: Name) throws -> Name where Name.RawValue == String
}

/// A method that reads a layer's activations: which layer a spec asked for (nil = its default),
/// so the experiment layer can check it against the model before any work.
public protocol LayerMethod {
    var layer: String? { get }
}

/// A method that works on some architectures only (deep Taylor's layer rules, paper 001's
/// masks on the first ReLUs): what it cannot explain in `network`, nil when it can, so the
/// experiment layer can refuse the spec before any training.
public protocol ModelCheckedMethod {
    func unsupported(by network: Network) -> String?
}

/// The registry: every method a spec can name, by the kind of input it explains.
public enum AttributionMethods {
    /// (N, C, H, W) images.
    public static let image: [any ConfigurableMethod.Type] = [
        Saliency.self, SmoothGrad.self, Deconvnet.self, GuidedBackprop.self, GuidedBackpropMinus.self,
        GradCAM.self, GuidedGradCAM.self, IntegratedGradients.self, Occlusion.self, FeatureAblation.self,
        DeepTaylor.self, InvariantPerturbation.self,
    ]
    /// Rows of a (T, D) series in time order (paper 000).
    public static let series: [any ConfigurableMethod.Type] = [Gradient.self, TimeSmoothGrad.self, FeatureAblation.self]

    /// Each name once (feature ablation takes both kinds).
    public static var all: [any ConfigurableMethod.Type] { series + image.filter { m in !series.contains { $0.name == m.name } } }

    public static func named(_ name: String) -> (any ConfigurableMethod.Type)? { all.first { $0.name == name } }
}
