/// Every choice of paper 000's synthetic "AR states" data, with METHODS.md's defaults. The
/// paper leaves most of them open; each default is the one its reproduction settled on.
///
/// Within state s, for every feature d (paper 000, "Synthetic data"):
///
///     x_t = a1_s · x_{t−1} + a2_s · x_{t−2} + v_t,    v_t ~ N(0, processNoiseStd²)
///     y_t = F_sᵀ x_t + w_t,                            w_t ~ N(0, targetNoiseStd²)
///
/// with a1 = 2 r cos θ, a2 = −r² from a complex root pair r·e^{±iθ}; |r| < 1 keeps every
/// state's process stationary.
public struct ARStatesConfiguration: Equatable, Codable, Sendable {
    /// S, the number of states (3 and 10 in the paper).
    public var states: Int
    /// D, the number of input features (10 and 1000 in the paper).
    public var features: Int
    /// T_s, the steps each state lasts (5000 in the paper).
    public var stepsPerState: Int
    /// Share of each state's steps, from its start, used for training (validation included);
    /// the rest of the state is test data. 0.5 = the paper's 2500 / 2500, and both sets then
    /// cover every state.
    public var trainFraction: Double
    /// Share of each state's training steps held out for validation: the LAST ones of the
    /// state's training part. Contiguous rather than random because neighbouring steps of an
    /// AR process are strongly correlated: a random held-out step would sit between training
    /// steps that nearly duplicate it and make validation optimistic. The last part of the
    /// training half is also the one closest in time to the state's test half.
    public var validationFraction: Double
    /// Modulus r of the AR(2) root pair, drawn uniformly per state and feature.
    public var rootModulus: ClosedRange<Double>
    /// Angle θ of the AR(2) root pair, drawn uniformly per state and feature.
    public var rootAngle: ClosedRange<Double>
    /// F_s ~ N(0, coefficientStd²) per state and feature.
    public var coefficientStd: Double
    /// Standard deviation of the process noise v_t.
    public var processNoiseStd: Double
    /// Standard deviation of the target noise w_t.
    public var targetNoiseStd: Double
    /// Standard deviation of x_0, the first step of the series.
    public var initialStd: Double

    public init(states: Int = 3, features: Int = 10, stepsPerState: Int = 5000,
                trainFraction: Double = 0.5, validationFraction: Double = 0.1,
                rootModulus: ClosedRange<Double> = 0.3...0.9, rootAngle: ClosedRange<Double> = 0...Double.pi,
                coefficientStd: Double = 1, processNoiseStd: Double = 1, targetNoiseStd: Double = 1,
                initialStd: Double = 1) {
        self.states = states
        self.features = features
        self.stepsPerState = stepsPerState
        self.trainFraction = trainFraction
        self.validationFraction = validationFraction
        self.rootModulus = rootModulus
        self.rootAngle = rootAngle
        self.coefficientStd = coefficientStd
        self.processNoiseStd = processNoiseStd
        self.targetNoiseStd = targetNoiseStd
        self.initialStd = initialStd
    }

    /// Total number of steps, S · T_s.
    public var stepCount: Int { states * stepsPerState }

    /// Steps of one state that train (validation included): round(trainFraction · T_s).
    public var trainAndValidationStepsPerState: Int { Int((trainFraction * Double(stepsPerState)).rounded()) }
    /// Steps of one state held out for validation: round(validationFraction · training steps).
    public var validationStepsPerState: Int {
        Int((validationFraction * Double(trainAndValidationStepsPerState)).rounded())
    }

    /// Why this configuration cannot generate a series, or nil when it can.
    public var problem: String? {
        if states < 1 || features < 1 || stepsPerState < 1 {
            return "states, features and stepsPerState must be ≥ 1, got \(states), \(features), \(stepsPerState)"
        }
        if !(0...1).contains(trainFraction) || !(0..<1).contains(validationFraction) {
            return "trainFraction must be in [0, 1] and validationFraction in [0, 1), got \(trainFraction), \(validationFraction)"
        }
        if trainAndValidationStepsPerState - validationStepsPerState < 1 {
            return "no training step left in a state (\(stepsPerState) steps, trainFraction \(trainFraction), validationFraction \(validationFraction))"
        }
        // r = 1 puts a root on the unit circle: the process is no longer stationary.
        if rootModulus.lowerBound < 0 || rootModulus.upperBound >= 1 {
            return "rootModulus must lie in [0, 1) for a stationary process, got \(rootModulus)"
        }
        if [coefficientStd, processNoiseStd, targetNoiseStd, initialStd].contains(where: { !($0 >= 0) }) {
            return "standard deviations must be ≥ 0"
        }
        return nil
    }
}
