// AdamW against steps computed by hand from the update rule (values worked out in the comments).

import XCTest
@testable import ProRankKit

final class AdamWTests: XCTestCase {
    func testTwoStepsMatchHandComputation() {
        // lr 0.1, β 0.9/0.999, ε 1e-8, λ 0.01.
        // Parameter a = 1, gradient 0.5 twice: m̂ = 0.5 and v̂ = 0.25 at both steps, so each Adam step is lr:
        //   step 1: 1·(1 − 0.001) − 0.1 = 0.899        step 2: 0.899·0.999 − 0.1 = 0.798101
        // Parameter b = −2, gradients +1 then −1:
        //   step 1: m = 0.1, v = 0.001, m̂ = 1, v̂ = 1 → −2·0.999 − 0.1 = −2.098
        //   step 2: m = 0.09 − 0.1 = −0.01, v = 0.000999 + 0.001 = 0.001999, m̂ = −0.01/0.19, v̂ = 1
        //           → −2.098·0.999 + 0.1·0.01/0.19 = −2.0959020 + 0.0052631579 = −2.0906388
        let a = Tensor(shape: [1], data: [1], requiresGrad: true)
        let b = Tensor(shape: [1], data: [-2], requiresGrad: true)
        let optimizer = AdamW([a, b], config: .init(learningRate: 0.1, weightDecay: 0.01))
        (a * 0.5 + b).sum().backward()
        optimizer.step()
        XCTAssertEqual(a.item, 0.899, accuracy: 1e-6)
        XCTAssertEqual(b.item, -2.098, accuracy: 1e-6)
        optimizer.zeroGrad()
        (a * 0.5 - b).sum().backward()
        optimizer.step()
        XCTAssertEqual(a.item, 0.798101, accuracy: 1e-6)
        XCTAssertEqual(b.item, -2.0906388, accuracy: 1e-6)
        XCTAssertEqual(optimizer.stepCount, 2)
    }

    func testParameterWithoutGradientIsLeftAlone() {
        let used = Tensor(shape: [2], data: [1, 1], requiresGrad: true)
        let unused = Tensor(shape: [2], data: [3, 4], requiresGrad: true)
        let optimizer = AdamW([used, unused], config: .init(learningRate: 0.1, weightDecay: 0.5))
        used.sum().backward()
        optimizer.step()
        XCTAssertEqual(unused.scalars, [3, 4], "no gradient: no decay and no update")
        XCTAssertEqual(used.scalars[0], 1 * (1 - 0.05) - 0.1, accuracy: 1e-6)
    }

    func testScheduledLearningRateOverridesConfig() {
        let x = Tensor(shape: [1], data: [0], requiresGrad: true)
        let optimizer = AdamW([x], config: .init(learningRate: 1, weightDecay: 0))
        x.sum().backward()
        optimizer.step(learningRate: 0.25)
        XCTAssertEqual(x.item, -0.25, accuracy: 1e-6)
    }
}

final class GradientClippingTests: XCTestCase {
    func testClipsToMaxNormAndReportsTheNorm() {
        let a = Tensor(shape: [2], data: [0, 0], requiresGrad: true), b = Tensor(shape: [1], data: [0], requiresGrad: true)
        (a * Tensor(shape: [2], data: [3, 4])).sum().backward()   // grad a = [3, 4]
        (b * 12).sum().backward()                                  // grad b = [12]; ‖g‖ = 13
        let norm = clipGradNorm([a, b], maxNorm: 1.3)
        XCTAssertEqual(norm, 13, accuracy: 1e-5)
        assertClose(a.grad!.scalars, [0.3, 0.4], tolerance: 1e-6)
        assertClose(b.grad!.scalars, [1.2], tolerance: 1e-6)
        XCTAssertEqual(clipGradNorm([a, b], maxNorm: 100), 1.3, accuracy: 1e-5)
        assertClose(a.grad!.scalars, [0.3, 0.4], tolerance: 1e-6)   // below the limit: unchanged
    }
}

final class LearningRateScheduleTests: XCTestCase {
    func testSchedules() {
        XCTAssertEqual(LearningRateSchedule.constant.learningRate(base: 0.5, at: 1000), 0.5)
        let cosine = LearningRateSchedule.warmupCosine(warmupSteps: 10, totalSteps: 110)
        XCTAssertEqual(cosine.factor(at: 0), 0)
        XCTAssertEqual(cosine.factor(at: 5), 0.5, accuracy: 1e-7)
        XCTAssertEqual(cosine.factor(at: 10), 1, accuracy: 1e-7)
        XCTAssertEqual(cosine.factor(at: 60), 0.5, accuracy: 1e-6)          // half-way: ½(1 + cos π/2)
        XCTAssertEqual(cosine.factor(at: 35), Float(0.5 * (1 + Foundation.cos(Double.pi / 4))), accuracy: 1e-6)
        XCTAssertEqual(cosine.factor(at: 110), 0, accuracy: 1e-7)
        let linear = LearningRateSchedule.warmupLinear(warmupSteps: 4, totalSteps: 20)
        XCTAssertEqual(linear.factor(at: 2), 0.5)
        XCTAssertEqual(linear.factor(at: 12), 0.5)
        XCTAssertEqual(linear.factor(at: 25), 0)
    }
}

import Foundation
