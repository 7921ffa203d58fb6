import Foundation
import XCTest
import Tensors
@testable import Datasets

/// Paper 000's synthetic series: determinism, the AR(2) coefficients, the target formula,
/// the splits and the training-only standardisation.
final class ARStatesTests: XCTestCase {
    let small = ARStatesConfiguration(states: 3, features: 5, stepsPerState: 100)

    func testDefaultsAreMethodsCard() {
        let c = ARStatesConfiguration()
        XCTAssertEqual([c.states, c.features, c.stepsPerState], [3, 10, 5000])
        XCTAssertEqual(c.rootModulus, 0.3...0.9)
        XCTAssertEqual(c.rootAngle, 0...Double.pi)
        XCTAssertEqual([c.trainFraction, c.validationFraction], [0.5, 0.1])
        XCTAssertEqual([c.coefficientStd, c.processNoiseStd, c.targetNoiseStd, c.initialStd], [1, 1, 1, 1])
        // 2500 training steps per state, the last 250 of them validate.
        XCTAssertEqual(c.trainAndValidationStepsPerState, 2500)
        XCTAssertEqual(c.validationStepsPerState, 250)
        XCTAssertNil(c.problem)
    }

    func testSameSeedSameBytes() {
        let a = ARStates.generate(small, generator: Generator(seed: 7))
        let b = ARStates.generate(small, generator: Generator(seed: 7))
        XCTAssertEqual(a.x.array, b.x.array)
        XCTAssertEqual(a.y.array, b.y.array)
        XCTAssertEqual(a.coefficients, b.coefficients)
        XCTAssertEqual(a.a1, b.a1)
        let c = ARStates.generate(small, generator: Generator(seed: 8))
        XCTAssertNotEqual(a.x.array, c.x.array)
    }

    func testTargetNoiseLevelDoesNotChangeInputs() {
        var quiet = small
        quiet.targetNoiseStd = 0
        let a = ARStates.generate(small, generator: Generator(seed: 3))
        let b = ARStates.generate(quiet, generator: Generator(seed: 3))
        XCTAssertEqual(a.x.array, b.x.array)
        XCTAssertEqual(a.coefficients, b.coefficients)
        XCTAssertNotEqual(a.y.array, b.y.array)
    }

    func testRootsAreStationaryAndGiveTheCoefficients() {
        let series = ARStates.generate(small, generator: Generator(seed: 1))
        for s in 0..<3 {
            for d in 0..<5 {
                let (r, theta) = (series.rootModulus[s][d], series.rootAngle[s][d])
                XCTAssertTrue(small.rootModulus.contains(r) && small.rootAngle.contains(theta))
                XCTAssertEqual(series.a1[s][d], 2 * r * cos(theta))
                XCTAssertEqual(series.a2[s][d], -r * r)
                // Roots of z² − a1 z − a2 = 0 lie inside the unit circle.
                let (a1, a2) = (series.a1[s][d], series.a2[s][d])
                let discriminant = a1 * a1 + 4 * a2
                let largest = discriminant < 0
                    ? (-a2).squareRoot()  // complex pair, |z|² = −a2
                    : (abs(a1) + discriminant.squareRoot()) / 2
                XCTAssertLessThan(largest, 1)
                XCTAssertEqual(largest, r, accuracy: 1e-6)
            }
        }
    }

    func testTargetIsExactlyCoefficientsTimesStoredInputsWithoutNoise() {
        var config = small
        config.targetNoiseStd = 0
        let series = ARStates.generate(config, generator: Generator(seed: 5))
        for t in [0, 1, 57, 99, 100, 101, 250, 299] {
            let s = t / 100
            XCTAssertEqual(series.state(ofStep: t), s)
            var sum = 0.0
            for d in 0..<5 { sum += series.coefficients[s][d] * Double(series.x[t, d]) }
            XCTAssertEqual(series.y[t, 0], Float(sum), "step \(t)")
        }
    }

    func testRecursionContinuesAcrossStateBoundaries() {
        // Without process noise x_t = a1_s x_{t−1} + a2_s x_{t−2} exactly (up to Float32
        // storage), with s the state of t, and x does not restart at a boundary.
        let config = ARStatesConfiguration(states: 2, features: 3, stepsPerState: 10, processNoiseStd: 0)
        let series = ARStates.generate(config, generator: Generator(seed: 9))
        for t in 1..<20 {
            let s = t / 10
            for d in 0..<3 {
                let before = t >= 2 ? Double(series.x[t - 2, d]) : 0
                let expected = series.a1[s][d] * Double(series.x[t - 1, d]) + series.a2[s][d] * before
                XCTAssertEqual(Double(series.x[t, d]), expected, accuracy: 1e-6 * max(1, abs(expected)), "t \(t) d \(d)")
            }
        }
        XCTAssertNotEqual(series.x[10, 0], 0)
    }

    func testSplitSizesAndOrderPerState() {
        let series = ARStates.generate(small, generator: Generator(seed: 2))
        for s in 0..<3 {
            let start = s * 100
            XCTAssertEqual(series.steps(.train, state: s), start..<(start + 45))
            XCTAssertEqual(series.steps(.validation, state: s), (start + 45)..<(start + 50))
            XCTAssertEqual(series.steps(.test, state: s), (start + 50)..<(start + 100))
        }
        XCTAssertEqual(series.steps(.train).count, 135)
        XCTAssertEqual(series.steps(.validation).count, 15)
        XCTAssertEqual(series.steps(.test).count, 150)
        let all = SeriesPart.allCases.flatMap { series.steps($0) }.sorted()
        XCTAssertEqual(all, Array(0..<300))
        XCTAssertEqual(series.stateOfStep.filter { $0 == 2 }.count, 100)
    }

    func testRowsCopiesStepsInOrder() {
        let series = ARStates.generate(small, generator: Generator(seed: 2))
        let (x, y) = series.rows([7, 3])
        XCTAssertEqual(x.shape, [2, 5])
        XCTAssertEqual(x[0, 4], series.x[7, 4])
        XCTAssertEqual(x[1, 0], series.x[3, 0])
        XCTAssertEqual(y.array, [series.y[7, 0], series.y[3, 0]])
    }

    func testStandardizationUsesTrainingStepsOnly() {
        let series = ARStates.generate(small, generator: Generator(seed: 4))
        let fitted = Standardization.fit(series)
        // Changing validation and test steps changes nothing.
        for t in series.steps(.validation) + series.steps(.test) {
            series.x[t, 2] = 1000
            series.y[t, 0] = -1000
        }
        XCTAssertEqual(Standardization.fit(series), fitted)
        // The statistics are those of the training rows.
        let train = series.steps(.train)
        let mean = train.map { Double(series.x[$0, 2]) }.reduce(0, +) / Double(train.count)
        XCTAssertEqual(fitted.inputMean[2], mean, accuracy: 1e-12)
        // Training rows come out with mean 0 and std 1.
        let standardized = fitted.apply(to: series)
        let after = Standardization.fit(standardized)
        for d in 0..<5 {
            XCTAssertEqual(after.inputMean[d], 0, accuracy: 1e-5)
            XCTAssertEqual(after.inputStd[d], 1, accuracy: 1e-5)
        }
        XCTAssertEqual(after.targetMean, 0, accuracy: 1e-5)
        XCTAssertEqual(after.targetStd, 1, accuracy: 1e-5)
        XCTAssertEqual(standardized.coefficients, series.coefficients)
    }

    func testRawInputGradientAndTargetsInvertTheScaling() {
        let z = Standardization(inputMean: [1, -1], inputStd: [2, 0.5], targetMean: 3, targetStd: 4)
        // ∂y/∂x_d = (σ_y/σ_x,d) ∂ŷ/∂x̂_d.
        XCTAssertEqual(z.rawInputGradient(Tensor(shape: [1, 2], values: [1, 1])).array, [2, 8])
        XCTAssertEqual(z.rawTargets(Tensor(shape: [2, 1], values: [0, 1])).array, [3, 7])
        XCTAssertEqual(z.standardizedInputs(Tensor(shape: [1, 2], values: [5, 0])).array, [2, 2])
        XCTAssertEqual(z.standardizedTargets(Tensor(shape: [1, 1], values: [7])).array, [1])
    }

    func testProblemsAreNamed() {
        var c = small
        c.rootModulus = 0.5...1
        XCTAssertNotNil(c.problem)
        c = small
        c.trainFraction = 0.01  // one step, which validation then takes
        c.validationFraction = 0.5
        XCTAssertNotNil(c.problem)
    }

    func testConfigurationCodableRoundTrip() throws {
        let data = try JSONEncoder().encode(small)
        XCTAssertEqual(try JSONDecoder().decode(ARStatesConfiguration.self, from: data), small)
    }
}
