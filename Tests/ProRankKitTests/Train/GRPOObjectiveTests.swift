// The GRPO objective against fixtures/grpo (TRL's GRPOTrainer re-done with torch autograd in float64): for every
// problem and every config of the grid, the rewards, group statistics and advantages, the per-token log-probs at
// the problem's temperature, ratios, clipped ratios, k3 KL, per-token losses, the loss, and d loss / d logits.
// Every input, shape and expected value is read from cases.json.
//
// Tolerances: 1e-5 relative (floor 1e-5) on values and the loss; 1e-5 absolute on gradients. The kernel runs in
// float32 for the log-softmax and float64 after it.

import XCTest
@testable import ProRankKit

final class GRPOObjectiveTests: XCTestCase {
    private func problems() throws -> [JSONValueReader] {
        let url = try fixtureFolder("grpo").appendingPathComponent("cases.json")
        return JSONValueReader(try readJSON(url))["problems"].array
    }

    private func close(_ got: Double, _ want: Double, tolerance: Double = 1e-5) -> Bool {
        abs(got - want) <= tolerance * max(1, abs(want))
    }

    private func assertRowsClose(_ got: [[Double]], _ want: JSONValueReader, mask: [[Bool]]? = nil, _ what: String) {
        let rows = want.array
        XCTAssertEqual(got.count, rows.count, what)
        for (i, (g, w)) in zip(got, rows).enumerated() {
            for (j, (a, b)) in zip(g, w.doubles).enumerated() where mask?[i][j] ?? true {
                XCTAssertTrue(close(a, b), "\(what)[\(i)][\(j)]: \(a) vs \(b)")
            }
        }
    }

    func testEveryCaseMatchesTorch() throws {
        var checked = 0
        for problem in try problems() {
            let name = problem["name"].string ?? "?"
            let shape = problem["shape"]
            let (b, g, t, v) = (shape["B"].int!, shape["G"].int!, shape["T"].int!, shape["V"].int!)
            let n = b * g
            let inputs = problem["inputs"]
            let logitValues = inputs["logits"].array.flatMap { $0.array.flatMap(\.floats) }
            XCTAssertEqual(logitValues.count, n * t * v, name)
            let ids = inputs["completion_ids"].array.flatMap(\.ints)
            let mask = inputs["completion_mask"].array.map { $0.ints.map { $0 != 0 } }
            let old = inputs["old_per_token_logps"].array.map(\.floats)
            let reference = inputs["ref_per_token_logps"].array.map(\.floats)
            let perFunction = inputs["rewards_per_func"].array.map(\.doubles)
            let weights = inputs["reward_weights"].doubles
            let temperature = Float(problem["temperature"].double!)
            let maxLength = problem["max_completion_length"].int!

            for (k, testCase) in problem["cases"].array.enumerated() {
                let config = testCase["config"], out = testCase["outputs"]
                let label = "\(name) case \(k) \(config.value)"
                let scaling: AdvantageScaling = ["group": .group, "batch": .batch, "none": .none][config["scale_rewards"].string!]!
                let lossType: GRPOLossType = ["grpo": .grpo, "bnpo": .bnpo, "dr_grpo": .drGRPO][config["loss_type"].string!]!
                let advantages = GRPOAdvantages(rewardsPerFunction: perFunction, weights: weights, groupSize: g, scaling: scaling)
                for (got, key) in [(advantages.rewards, "rewards"), (advantages.groupMean, "group_mean"),
                                   (advantages.groupStd, "group_std"), (advantages.advantages, "advantages")] {
                    for (i, (a, e)) in zip(got, out[key].doubles).enumerated() { XCTAssertTrue(close(a, e), "\(label) \(key)[\(i)]: \(a) vs \(e)") }
                }

                let logits = Tensor(shape: [n * t, v], data: logitValues, requiresGrad: true)
                let logp = logits.tokenLogProbabilities(targets: ids, temperature: temperature).reshaped([n, t])
                let objective = GRPOObjective(lossType: lossType, beta: config["beta"].double!,
                                              epsilonLow: config["epsilon_low"].double!, epsilonHigh: config["epsilon_high"].double!)
                let given = config["old_logps"].string == "given"
                let (loss, details) = objective.loss(logProbabilities: logp, old: given ? old : nil, reference: reference,
                                                     mask: mask, advantages: advantages.advantages, maxCompletionLength: maxLength)
                let logpRows = (0..<n).map { i in (0..<t).map { Double(logp.scalars[i * t + $0]) } }
                assertRowsClose(logpRows, out["per_token_logps"], "\(label) per_token_logps")
                assertRowsClose(details.oldLogProbabilities, out["old_per_token_logps_used"], "\(label) old")
                assertRowsClose(details.ratio, out["ratio"], "\(label) ratio")
                assertRowsClose(details.clippedRatio, out["clipped_ratio"], "\(label) clipped_ratio")
                assertRowsClose(details.kl, out["per_token_kl"], "\(label) kl")
                assertRowsClose(details.perTokenLoss, out["per_token_loss"], mask: mask, "\(label) per_token_loss")
                let expectedLoss = out["loss"].double!
                XCTAssertTrue(close(Double(loss.item), expectedLoss), "\(label) loss \(loss.item) vs \(expectedLoss)")

                loss.backward()
                let grad = try XCTUnwrap(logits.grad).scalars
                let expected = out["grad_logits"].array.flatMap { $0.array.flatMap(\.doubles) }
                XCTAssertEqual(grad.count, expected.count, label)
                var worst = 0.0
                for (a, e) in zip(grad, expected) { worst = max(worst, abs(Double(a) - e)) }
                XCTAssertLessThanOrEqual(worst, 1e-5, "\(label) d loss / d logits")
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 0, "no GRPO case in the fixtures")
    }

    /// GSPO's sequence-level ratio: the analytic gradient matches finite differences of the loss.
    func testSequenceLevelRatioGradientMatchesFiniteDifferences() {
        var inputs = TestInputs(seed: 11)
        let (n, t) = (4, 3)
        let mask = [[true, true, true], [true, false, false], [true, true, false], [true, true, true]]
        let old = (0..<n).map { _ in (0..<t).map { _ in Float(inputs.rng.uniform(-2, -0.5)) } }
        let reference = (0..<n).map { _ in (0..<t).map { _ in Float(inputs.rng.uniform(-2, -0.5)) } }
        let advantages = [1.0, -0.5, 0.7, -1.2]
        for lossType in GRPOLossType.allCases {
            let objective = GRPOObjective(lossType: lossType, beta: 0.04, epsilonLow: 0.2, epsilonHigh: 0.28, importanceSampling: .sequence)
            let start = Tensor.uniform([n, t], low: -2, high: -0.5, rng: &inputs.rng)
            start.requiresGrad = true
            assertGradientsMatch([start]) { x in
                objective.loss(logProbabilities: x[0], old: old, reference: reference, mask: mask,
                               advantages: advantages, maxCompletionLength: 4).loss
            }
        }
    }

    /// A reward constant within each group (as `Reward.confidence` is) gives zero advantages against the group
    /// mean, and the reward minus the batch mean, scaled by the group std + 1e-4, against the batch mean.
    func testBatchBaselineComparesPrompts() {
        let rewards: [[Double]] = [[0.9], [0.9], [0.2], [0.2]]
        let group = GRPOAdvantages(rewardsPerFunction: rewards, weights: [1], groupSize: 2, scaling: .group)
        XCTAssertEqual(group.advantages, [0, 0, 0, 0])
        let batch = GRPOAdvantages(rewardsPerFunction: rewards, weights: [1], groupSize: 2, scaling: .none, baseline: .batch)
        for (a, e) in zip(batch.advantages, [0.35, 0.35, -0.35, -0.35]) { XCTAssertEqual(a, e, accuracy: 1e-12) }
        let scaled = GRPOAdvantages(rewardsPerFunction: rewards, weights: [1], groupSize: 2, scaling: .group, baseline: .batch)
        for (a, e) in zip(scaled.advantages, [0.35, 0.35, -0.35, -0.35]) { XCTAssertEqual(a, e / 1e-4, accuracy: 1e-6) }
    }

    func testZeroSpreadFractionCountsGroupsWithEqualRewards() {
        XCTAssertEqual(GRPOAdvantages.zeroSpreadFraction(rewards: [1, 1, 0, 1, 0, 0, 0, 0], groupSize: 2), 0.75)   // groups [1,1] [0,1] [0,0] [0,0]
        XCTAssertEqual(GRPOAdvantages.zeroSpreadFraction(rewards: [], groupSize: 4), 0)
    }
}
