/// SGD data cleansing (Hara, Nitanda & Maehara, NeurIPS 2019): for every training instance j,
/// an estimate of L(θ_T without j) − L(θ_T), the change of a loss L (the validation loss) at
/// the end of training had j been left out of every minibatch — negative: j is harmful.
///
/// Leaving j out changes step t (when j ∈ B_t) by +(η_t/|B_t|)∇ℓ_j(θ_t), and a change Δ of θ_t
/// reaches θ_{t+1} as (I − η_t(H_t + λI))Δ, H_t the Hessian of the minibatch loss at θ_t. To
/// first order, then, with u_T = ∇L(θ_T) and u_t = (I − η_t(H_t + λI)) u_{t+1},
///
///     L(θ_T without j) − L(θ_T) ≈ Σ_{t : j ∈ B_t} (η_t/|B_t|) ⟨u_{t+1}, ∇ℓ_j(θ_t)⟩
///
/// computed backwards: for t = T−1 … 0, first add (η_t/|B_t|)⟨u, ∇ℓ_j(θ_t)⟩ to the influence
/// of every j ∈ B_t, then u ← u − η_t (H_t u + λ u). θ_t comes from replaying its epoch from
/// the recorded start, H_t u from `HessianVectorProduct`, ∇ℓ_j from a batch of one. u and the
/// sums are Double, visited in one fixed order.
///
/// `lastEpochs` stops the trace after that many epochs from the end (Hara et al. do the same in
/// their deep-network experiments): the recursion multiplies u by (I − η_t(H_t + λI)) every step,
/// and early in training, where the minibatch Hessians have eigenvalues above 2/η or below
/// 0, that product grows by orders of magnitude — as leave-one-out differences do, chaotically,
/// so a first-order estimate of them says little. The truncated sum is the effect of leaving j
/// out of the traced epochs only.
public enum SGDInfluence {
    /// The estimate for every row of `training`, in row order. `progress(done, total)` after
    /// every step traced back.
    public static func estimate(_ network: Network, trajectory: SGDTrajectory, training: PlainSGD,
                                examples: LabeledExamples, validation: LabeledExamples, lastEpochs: Int? = nil,
                                progress: (Int, Int) -> Void = { _, _ in }) -> [Double] {
        var influence = [Double](repeating: 0, count: examples.count)
        network.setParameters(trajectory.final)
        var u = MinibatchGradient.mean(network, over: validation).gradient.map(Double.init)
        let decay = Double(training.weightDecay)
        var done = 0
        let first = max(1, trajectory.epochs - (lastEpochs ?? trajectory.epochs) + 1)
        let total = trajectory.steps.filter { $0.epoch >= first }.count
        for epoch in stride(from: trajectory.epochs, through: first, by: -1) {
            let steps = trajectory.steps(inEpoch: epoch)
            let thetas = training.replay(network, trajectory, epoch: epoch, on: examples)
            for (step, theta) in zip(steps, thetas).reversed() {
                network.setParameters(theta)
                let eta = Double(step.learningRate), weight = eta / Double(step.rows.count)
                for row in step.rows {
                    influence[row] += weight * dot(MinibatchGradient.ofSample(network, examples, row: row), u)
                }
                let (x, y) = examples.batch(step.rows)
                let hu = HessianVectorProduct(network: network, inputs: x, labels: y)(u)
                for i in u.indices { u[i] -= eta * (hu[i] + decay * u[i]) }
                done += 1
                progress(done, total)
            }
        }
        network.setParameters(trajectory.final)
        return influence
    }
}
