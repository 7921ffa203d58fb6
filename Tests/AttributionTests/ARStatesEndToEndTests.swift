import XCTest
import Datasets
import Metrics
import NeuralNet
import Tensors
@testable import Attribution

/// Paper 000 in miniature: generate, standardise, train an MLP, attribute, score per state.
///
/// Observed with seed 0 (20 epochs, 0.01 s): test Pearson 0.965; per state (prediction
/// Pearson / gradient mean-map nDCG / per-step nDCG gradient vs Time-Smoothgrad k = 50):
/// state 0 0.975 / 0.895 / 0.932 vs 0.918, state 1 0.940 / 0.947 / 0.946 vs 0.955.
///
/// Why one seed and these thresholds. Over seeds 0–29 of this setup 20 meet both the
/// Pearson > 0.5 and the nDCG > 0.8 of every state (test Pearson mean 0.80, min 0.48;
/// mean-map nDCG mean 0.92, min 0.67). The misses are states the MLP cannot tell apart from
/// x_t alone (that state's Pearson < 0.45): it then fits a blend of both states' F, and the
/// state's mean gradient ranks that blend. That is the data (METHODS.md: how far apart the
/// states' x distributions are decides the regression quality), not the attribution code, so
/// the test keeps the first seed tried rather than loosening the thresholds.
///
/// nDCG > 0.8 alone says little at D = 4: a random ranking of four |N(0, 1)| gains scores
/// 0.84 on average (0.78 at D = 10). The signed correlation between each state's mean raw
/// gradient and F_s is the sharper check, and it also exercises the σ_y/σ_x chain rule.
final class ARStatesEndToEndTests: XCTestCase {
    struct Outcome: Equatable {
        let testPearson: Double
        let gradient: [StateRelevance]
        let timeSmoothGrad: [StateRelevance]
        let predictions: [StatePrediction]
        /// Per state, the mean raw gradient over its test steps, per feature.
        let meanGradient: [[Double]]
    }

    static let configuration = ARStatesConfiguration(states: 2, features: 4, stepsPerState: 400)

    static func run(seed: UInt64) throws -> (Outcome, ARStatesSeries) {
        let generator = Generator(seed: seed)
        let raw = ARStates.generate(configuration, generator: generator)
        let standardization = Standardization.fit(raw)
        let series = standardization.apply(to: raw)

        let network = MLP.make(sizes: [4, 32, 1], generator: generator)
        let optimizer = Adam()
        let train = series.steps(.train)
        for _ in 0..<20 {
            let order = Batches.epochOrder(count: train.count, generator: generator, shuffle: true)
            for batch in Batches.batches(order, size: 32) {
                let (x, y) = series.rows(batch.map { train[$0] })
                trainingStep(network, optimizer: optimizer, inputs: x, target: .values(y),
                             learningRate: 1e-2, generator: generator)
            }
        }

        let test = (0..<2).map { Array(series.steps(.test, state: $0)) }
        let predictions = standardization.rawTargets(network.forward(series.x))
        let (predicted, truth) = (predictions.array, raw.y.array)
        let allTest = test.flatMap { $0 }
        let testPearson = try PearsonCorrelation.of(allTest.map { predicted[$0] }, allTest.map { truth[$0] })
        // Maps on standardised inputs, taken back to raw inputs before comparing with F_s.
        let gradient = standardization.rawInputGradient(
            Gradient().attribute(network, inputs: series.x, target: .output(index: 0)))
        let smoothed = standardization.rawInputGradient(
            TimeSmoothGrad(window: 50).attribute(network, inputs: series.x, target: .output(index: 0)))
        let meanGradient = test.map { steps in
            (0..<4).map { d in steps.map { Double(gradient[$0, d]) }.reduce(0, +) / Double(steps.count) }
        }
        let outcome = Outcome(
            testPearson: testPearson,
            gradient: try StateRelevance.evaluate(maps: gradient, coefficients: raw.coefficients, steps: test),
            timeSmoothGrad: try StateRelevance.evaluate(maps: smoothed, coefficients: raw.coefficients, steps: test),
            predictions: try StatePrediction.evaluate(predictions: predictions, truth: raw.y, steps: test),
            meanGradient: meanGradient)
        return (outcome, raw)
    }

    func testTrainedMLPPredictsAndItsGradientRanksTheCoefficients() throws {
        let (outcome, raw) = try Self.run(seed: 0)
        XCTAssertGreaterThan(outcome.testPearson, 0.5)
        for s in 0..<2 {
            XCTAssertGreaterThan(outcome.gradient[s].meanMapNDCG, 0.8, "state \(s)")
            XCTAssertGreaterThan(try PearsonCorrelation.of(outcome.meanGradient[s], raw.coefficients[s]), 0.8,
                                 "state \(s): mean gradient \(outcome.meanGradient[s]), F \(raw.coefficients[s])")
        }
    }

    func testTheWholePipelineIsReproducible() throws {
        XCTAssertEqual(try Self.run(seed: 3).0, try Self.run(seed: 3).0)
    }
}
