import XCTest
@testable import NeuralNet

final class LearningRateScheduleTests: XCTestCase {
    func testConstant() {
        XCTAssertEqual(LearningRateSchedule.constant(0.01).rate(epoch: 0), 0.01)
        XCTAssertEqual(LearningRateSchedule.constant(0.01).rate(epoch: 99), 0.01)
    }

    /// StepLR(step_size=30, gamma=0.1): 0.1 for epochs 0–29, 0.01 for 30–59, 0.001 from 60.
    func testStep() {
        let schedule = LearningRateSchedule.step(base: 0.1, stepSize: 30, gamma: 0.1)
        XCTAssertEqual(schedule.rate(epoch: 0), 0.1)
        XCTAssertEqual(schedule.rate(epoch: 29), 0.1)
        XCTAssertEqual(schedule.rate(epoch: 30), 0.01, accuracy: 1e-9)
        XCTAssertEqual(schedule.rate(epoch: 60), 0.001, accuracy: 1e-10)
    }

    /// CosineAnnealingLR(T_max=10, eta_min=0.001) from 0.1.
    func testCosine() {
        let schedule = LearningRateSchedule.cosine(base: 0.1, totalEpochs: 10, minimum: 0.001)
        XCTAssertEqual(schedule.rate(epoch: 0), 0.1, accuracy: 1e-9)
        // 0.001 + 0.099·(1 + cos(0.2π))/2 = 0.001 + 0.099·0.9045085 = 0.0905463
        XCTAssertEqual(schedule.rate(epoch: 2), 0.0905463412, accuracy: 1e-8)
        XCTAssertEqual(schedule.rate(epoch: 5), 0.0505, accuracy: 1e-8)  // cos(π/2) = 0: the midpoint
        XCTAssertEqual(schedule.rate(epoch: 10), 0.001, accuracy: 1e-9)
    }

    func testEquatable() {
        XCTAssertEqual(LearningRateSchedule.step(base: 0.1, stepSize: 5, gamma: 0.5),
                       .step(base: 0.1, stepSize: 5, gamma: 0.5))
        XCTAssertNotEqual(LearningRateSchedule.constant(0.1), .cosine(base: 0.1, totalEpochs: 5, minimum: 0))
    }
}
