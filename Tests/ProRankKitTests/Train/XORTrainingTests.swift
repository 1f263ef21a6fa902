// End to end: a 2-layer MLP learns XOR-like data to 100 % accuracy (fixed seed).

import XCTest
@testable import ProRankKit

final class XORTrainingTests: XCTestCase {
    func testTwoLayerMLPLearnsXOR() {
        var rng = SeededRNG(seed: 2024)
        // Points in the four quadrants, at least 0.2 from both axes; class 1 when x·y > 0.
        let n = 128
        var points: [Float] = [], labels: [Int] = []
        for _ in 0..<n {
            let x = Float(rng.uniform(0.2, 1)) * (rng.next() % 2 == 0 ? 1 : -1)
            let y = Float(rng.uniform(0.2, 1)) * (rng.next() % 2 == 0 ? 1 : -1)
            points += [x, y]
            labels.append(x * y > 0 ? 1 : 0)
        }
        let inputs = Tensor(shape: [n, 2], data: points)

        var params = Parameters()
        params.add("fc1.weight", Tensor.normal([16, 2], std: 1, rng: &rng))
        params.add("fc1.bias", Tensor.zeros([16]))
        params.add("fc2.weight", Tensor.normal([2, 16], std: 0.25, rng: &rng))
        params.add("fc2.bias", Tensor.zeros([2]))
        func forward() -> Tensor {
            let h = (inputs.matmul(params["fc1.weight"]!, transposeB: true) + params["fc1.bias"]!).tanh()
            return h.matmul(params["fc2.weight"]!, transposeB: true) + params["fc2.bias"]!
        }
        let optimizer = AdamW(params.tensors, config: .init(learningRate: 0.05, weightDecay: 0))
        let schedule = LearningRateSchedule.warmupCosine(warmupSteps: 20, totalSteps: 400)
        var firstLoss: Float = 0, lastLoss: Float = 0
        for step in 0..<400 {
            let loss = forward().crossEntropy(targets: labels)
            if step == 0 { firstLoss = loss.item }
            lastLoss = loss.item
            loss.backward()
            clipGradNorm(params.tensors, maxNorm: 5)
            optimizer.step(learningRate: schedule.learningRate(base: 0.05, at: step))
            optimizer.zeroGrad()
        }
        let logits = withoutGrad { forward() }
        let correct = (0..<n).filter { i in (logits[i, 1] > logits[i, 0] ? 1 : 0) == labels[i] }.count
        XCTAssertEqual(correct, n, "accuracy \(correct)/\(n), loss \(firstLoss) → \(lastLoss)")
        XCTAssertLessThan(lastLoss, firstLoss / 10)
        XCTAssertEqual(params.scalarCount, 16 * 2 + 16 + 2 * 16 + 2)
    }
}
