import Foundation
import Tensors

/// Generates paper 000's synthetic "AR states" series:
///
///     x_t = a1_s · x_{t−1} + a2_s · x_{t−2} + v_t        (elementwise over the D features)
///     y_t = F_sᵀ x_t + w_t
///
/// where s is the state of step t. The process runs on across state boundaries: at a change
/// only the coefficients switch, x keeps its last two values.
public enum ARStates {
    /// Draw order, fixed so the same seed gives the same bytes:
    /// 1. Coefficients, state by state: the D values of F_s (normals, feature order), then per
    ///    feature its root modulus r and angle θ (two uniforms).
    /// 2. The series, step by step: D normals for the features (x_0 at step 0, v_t after it),
    ///    then one normal for w_t.
    /// Every noise is drawn even when its standard deviation is 0, so changing one noise level
    /// leaves every other draw — and with it the rest of the series — unchanged.
    ///
    /// The value before x_0 is taken as 0, so x_1 = a1 x_0 + v_1. The recursion runs in Double;
    /// x is then rounded to Float32, and y is computed from the rounded x the model will see
    /// (sum in Double, feature order), so y_t − w_t is exactly F_sᵀ x_t of the stored values.
    public static func generate(_ config: ARStatesConfiguration, generator: Generator) -> ARStatesSeries {
        if let problem = config.problem { preconditionFailure("ARStates: \(problem)") }
        let (states, d, perState) = (config.states, config.features, config.stepsPerState)

        var coefficients: [[Double]] = [], modulus: [[Double]] = [], angle: [[Double]] = []
        for _ in 0..<states {
            coefficients.append((0..<d).map { _ in config.coefficientStd * Double(generator.normal()) })
            var r = [Double](), theta = [Double]()
            for _ in 0..<d {
                r.append(uniform(config.rootModulus, generator))
                theta.append(uniform(config.rootAngle, generator))
            }
            modulus.append(r)
            angle.append(theta)
        }
        // Roots r·e^{±iθ} of z² − a1 z − a2: a1 = 2 r cos θ, a2 = −r².
        let a1 = zip(modulus, angle).map { r, theta in zip(r, theta).map { 2 * $0 * Elementary.cos($1) } }
        let a2 = modulus.map { r in r.map { -$0 * $0 } }

        let x = Tensor(uninitialized: [config.stepCount, d])
        let y = Tensor(uninitialized: [config.stepCount, 1])
        var previous = [Double](repeating: 0, count: d)  // x_{t−1}
        var beforePrevious = [Double](repeating: 0, count: d)  // x_{t−2}
        for t in 0..<config.stepCount {
            let s = t / perState
            let row = x.data + t * d
            var target = 0.0
            for j in 0..<d {
                let noise = Double(generator.normal())
                let value = t == 0
                    ? config.initialStd * noise
                    : a1[s][j] * previous[j] + a2[s][j] * beforePrevious[j] + config.processNoiseStd * noise
                beforePrevious[j] = previous[j]
                previous[j] = value
                row[j] = Float(value)
                target += coefficients[s][j] * Double(row[j])
            }
            y.data[t] = Float(target + config.targetNoiseStd * Double(generator.normal()))
        }
        return ARStatesSeries(configuration: config, x: x, y: y, coefficients: coefficients,
                              rootModulus: modulus, rootAngle: angle, a1: a1, a2: a2)
    }

    /// Uniform in [low, high) from one 24-bit draw.
    private static func uniform(_ range: ClosedRange<Double>, _ generator: Generator) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * Double(generator.uniform())
    }
}
