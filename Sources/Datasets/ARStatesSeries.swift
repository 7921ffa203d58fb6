import Tensors

/// The part of a state's steps a step belongs to.
public enum SeriesPart: String, CaseIterable, Codable, Sendable {
    case train, validation, test
}

/// One generated "AR states" series (paper 000): the inputs, the target, and the true
/// coefficients every attribution is scored against. Steps are numbered 0..<S·T_s; state s
/// covers steps s·T_s ..< (s+1)·T_s, and within it the training steps come first, then the
/// validation steps, then the test steps (see `ARStatesConfiguration`).
public struct ARStatesSeries {
    public let configuration: ARStatesConfiguration
    /// (T, D) inputs x_t, one row per step.
    public let x: Tensor
    /// (T, 1) targets y_t, the shape of an MLP's regression output.
    public let y: Tensor
    /// F: coefficients[s][d] of feature d in state s, the ground truth of the attributions.
    public let coefficients: [[Double]]
    /// AR(2) root modulus r and angle θ per state and feature, from which a1 and a2 follow.
    public let rootModulus: [[Double]]
    public let rootAngle: [[Double]]
    /// a1_s = 2 r cos θ and a2_s = −r², per state and feature.
    public let a1: [[Double]]
    public let a2: [[Double]]

    init(configuration: ARStatesConfiguration, x: Tensor, y: Tensor, coefficients: [[Double]],
         rootModulus: [[Double]], rootAngle: [[Double]], a1: [[Double]], a2: [[Double]]) {
        precondition(x.shape == [configuration.stepCount, configuration.features] && y.shape == [configuration.stepCount, 1],
                     "ARStatesSeries: x \(x.shape), y \(y.shape) for \(configuration.stepCount) steps")
        self.configuration = configuration
        self.x = x
        self.y = y
        self.coefficients = coefficients
        self.rootModulus = rootModulus
        self.rootAngle = rootAngle
        self.a1 = a1
        self.a2 = a2
    }

    /// The same series with other inputs and targets (e.g. standardised), coefficients kept.
    public func replacing(x: Tensor, y: Tensor) -> ARStatesSeries {
        ARStatesSeries(configuration: configuration, x: x, y: y, coefficients: coefficients,
                       rootModulus: rootModulus, rootAngle: rootAngle, a1: a1, a2: a2)
    }

    public var stepCount: Int { configuration.stepCount }
    public var stateCount: Int { configuration.states }

    /// The state step t belongs to.
    public func state(ofStep t: Int) -> Int {
        precondition(t >= 0 && t < stepCount, "step \(t) outside 0..<\(stepCount)")
        return t / configuration.stepsPerState
    }

    /// The state of every step, in step order.
    public var stateOfStep: [Int] { (0..<stepCount).map { $0 / configuration.stepsPerState } }

    /// The steps of `part` within state `s`: one contiguous range.
    public func steps(_ part: SeriesPart, state s: Int) -> Range<Int> {
        precondition(s >= 0 && s < stateCount, "state \(s) outside 0..<\(stateCount)")
        let start = s * configuration.stepsPerState
        let trainEnd = configuration.trainAndValidationStepsPerState
        let validationStart = trainEnd - configuration.validationStepsPerState
        switch part {
        case .train: return start..<(start + validationStart)
        case .validation: return (start + validationStart)..<(start + trainEnd)
        case .test: return (start + trainEnd)..<(start + configuration.stepsPerState)
        }
    }

    /// The steps of `part` over every state, ascending.
    public func steps(_ part: SeriesPart) -> [Int] {
        (0..<stateCount).flatMap { steps(part, state: $0) }
    }

    /// Inputs (B, D) and targets (B, 1) of `steps`, in that order, copied.
    public func rows(_ steps: [Int]) -> (x: Tensor, y: Tensor) {
        let d = configuration.features
        let xs = Tensor(uninitialized: [steps.count, d])
        let ys = Tensor(uninitialized: [steps.count, 1])
        for (row, t) in steps.enumerated() {
            precondition(t >= 0 && t < stepCount, "rows: step \(t) outside 0..<\(stepCount)")
            (xs.data + row * d).update(from: x.data + t * d, count: d)
            ys.data[row] = y.data[t]
        }
        return (xs, ys)
    }
}

extension ARStatesSeries {
    /// A series read back from files: inputs, targets and F_s as recorded; the AR roots, which
    /// only the generator needs, are left empty.
    public static func recorded(configuration: ARStatesConfiguration, x: Tensor, y: Tensor,
                                coefficients: [[Double]]) -> ARStatesSeries {
        ARStatesSeries(configuration: configuration, x: x, y: y, coefficients: coefficients,
                       rootModulus: [], rootAngle: [], a1: [], a2: [])
    }
}
