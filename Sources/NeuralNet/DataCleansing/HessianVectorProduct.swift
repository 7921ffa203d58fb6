import Foundation
import Tensors

/// H·u for H the Hessian of a minibatch loss at the network's parameters θ, by central finite
/// differences of exact gradients along the unit direction v = u/‖u‖:
///
///     H u ≈ ‖u‖ · (∇L(θ + h v) − ∇L(θ − h v)) / (2h)
///
/// The error has two parts: truncation, (h²/6)·‖∂³L[v,v,v]‖ (the central quotient is exact
/// for a quadratic), and rounding, about ε·(‖∇L‖ + ‖H‖·‖θ‖∞)/h — Float32 gradients and the
/// rounding of θ ± h v to Float32 both err by a few ε = 2⁻²³ relative. Balancing h² against
/// ε/h gives h ∝ ∛ε; we take h = ∛ε · (1 + ‖θ‖∞) ≈ 4.9·10⁻³ for weights of order 1, which
/// puts both parts near 10⁻⁵…10⁻⁴ relative. (A ReLU network's loss is only piecewise smooth:
/// a unit whose pre-activation lies within h of its kink contributes an O(1) error for that
/// unit; at this h that is rare, and `HessianVectorProductTests` measures the whole error.)
/// θ is restored exactly afterwards.
public struct HessianVectorProduct {
    public let network: Network
    public let inputs: Tensor
    public let labels: [Int]

    public init(network: Network, inputs: Tensor, labels: [Int]) {
        (self.network, self.inputs, self.labels) = (network, inputs, labels)
    }

    /// The step h along the unit direction for parameters θ.
    public static func step(for theta: [Float]) -> Double {
        let largest = theta.reduce(Float(0)) { max($0, abs($1)) }
        return Foundation.cbrt(Double(Float.ulpOfOne)) * (1 + Double(largest))
    }

    /// H u at the network's current parameters (left unchanged).
    public func callAsFunction(_ u: [Double]) -> [Double] {
        let theta = network.parameterVector()
        let norm = u.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard norm > 0 else { return [Double](repeating: 0, count: u.count) }
        let h = HessianVectorProduct.step(for: theta)
        func gradient(at sign: Double) -> [Float] {
            network.setParameters(zip(theta, u).map { Float(Double($0) + sign * h * $1 / norm) })
            return MinibatchGradient.of(network, inputs: inputs, labels: labels)
        }
        let plus = gradient(at: 1), minus = gradient(at: -1)
        network.setParameters(theta)
        let factor = norm / (2 * h)
        return zip(plus, minus).map { factor * (Double($0) - Double($1)) }
    }
}
