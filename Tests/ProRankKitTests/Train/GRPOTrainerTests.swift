// GRPO on the fixture models: the shared-prompt computation (prompt once, G continuations over its keys/values)
// gives the loss and every parameter gradient of the per-completion computation; the whole loss has the
// gradient finite differences give; training is deterministic for a seed; bad parameters fail before any work.

import XCTest
@testable import ProRankKit

final class GRPOTrainerTests: XCTestCase {
    private func fixtureModels() throws -> [(name: String, model: DecoderLM, prompt: RerankPrompt)] {
        try fixtureSubfolders(fixtureFolder("models")).map { folder in
            (folder.lastPathComponent, try Checkpoint.loadHuggingFace(folder),
             try RerankPrompt(tokenizer: Tokenizer(contentsOf: folder.appendingPathComponent("tokenizer.json")), maxDocumentTokens: 24))
        }
    }

    /// Completions of lengths 1…4 with ids drawn from the vocabulary (seeded).
    private func completions(vocabulary: Int, seed: UInt64) -> [[Int]] {
        var inputs = TestInputs(seed: seed)
        return [3, 1, 4, 2].map { inputs.ints($0, below: vocabulary) }
    }

    private func assertClose(_ a: Tensor?, _ b: Tensor?, _ what: String, relative: Float = 1e-5) {
        guard let a, let b else { return XCTAssertTrue(a == nil && b == nil, "\(what): one gradient is missing") }
        let scale = max(b.scalars.map(abs).max() ?? 0, 1e-6)
        let worst = zip(a.scalars, b.scalars).map { abs($0 - $1) }.max() ?? 0
        XCTAssertLessThanOrEqual(worst, relative * scale, "\(what): max |Δ| \(worst), scale \(scale)")
    }

    /// The GRPO loss of one group with fixed advantages and reference log-probs, from either computation.
    private func groupLoss(_ policy: TrainingPolicy, prompt: [Int], completions: [[Int]], shared: Bool, old: [[Float]]) -> Tensor {
        let temperature: Float = 0.9
        let logp = shared
            ? policy.completionLogProbabilities(prompt: prompt, completions: completions, temperature: temperature, padID: 0)
            : policy.completionLogProbabilitiesUnshared(prompt: prompt, completions: completions, temperature: temperature)
        let reference = withoutGrad { policy.completionLogProbabilities(prompt: prompt, completions: completions, temperature: temperature,
                                                                        padID: 0, useReference: true) }
        let length = logp.shape[1]
        let refRows = (0..<completions.count).map { i in (0..<length).map { reference.scalars[i * length + $0] } }
        let mask = completions.map { c in (0..<length).map { $0 < c.count } }
        let objective = GRPOObjective(lossType: .grpo, beta: 0.04, epsilonLow: 0.2, epsilonHigh: 0.28)
        return objective.loss(logProbabilities: logp, old: old, reference: refRows, mask: mask,
                              advantages: [1.2, -0.4, 0.5, -1.3], maxCompletionLength: 4).loss
    }

    /// Old log-probs a little off the policy's current ones (fixed, as the sampling policy's are), so that some
    /// ratios are clipped.
    private func oldLogProbabilities(_ policy: TrainingPolicy, prompt: [Int], completions: [[Int]]) -> [[Float]] {
        let logp = withoutGrad { policy.completionLogProbabilities(prompt: prompt, completions: completions, temperature: 0.9, padID: 0) }
        let length = logp.shape[1]
        return (0..<completions.count).map { i in (0..<length).map { j in logp.scalars[i * length + j] + (j % 2 == 0 ? 0.3 : -0.45) } }
    }

    func testSharedPromptEqualsPerCompletion() throws {
        for (name, model, prompt) in try fixtureModels() {
            let ids = prompt.ids(query: "what does the queue module offer", document: "A synchronized queue class for threads.")
            for trainable in [Trainable.all, .lastLayers(1)] {
                let policy = try TrainingPolicy(model, trainable: trainable, seed: 1)
                // Train the policy a little away from the reference so that the KL term is not trivially zero.
                for t in policy.parameters.tensors { for i in stride(from: 0, to: t.count, by: 7) { t.storage.base[i] += 0.01 } }
                let batch = completions(vocabulary: model.config.vocabularySize, seed: 5)
                let old = oldLogProbabilities(policy, prompt: ids, completions: batch)
                let sharedLoss = groupLoss(policy, prompt: ids, completions: batch, shared: true, old: old)
                sharedLoss.backward()
                let sharedGrads = policy.parameters.named.map { ($0.name, $0.tensor.grad?.copy()) }
                policy.parameters.zeroGrad()
                let unsharedLoss = groupLoss(policy, prompt: ids, completions: batch, shared: false, old: old)
                unsharedLoss.backward()
                XCTAssertEqual(sharedLoss.item, unsharedLoss.item, accuracy: 1e-5 * max(1, abs(unsharedLoss.item)), "\(name) \(trainable.summary) loss")
                for ((paramName, shared), tensor) in zip(sharedGrads, policy.parameters.tensors) {
                    XCTAssertNotNil(shared, "\(name) \(trainable.summary): \(paramName) got no gradient")
                    assertClose(shared, tensor.grad, "\(name) \(trainable.summary) \(paramName)")
                }
                // The starting model is untouched and its frozen tensors record nothing.
                XCTAssertTrue(model.parameters.tensors.allSatisfy { $0.grad == nil }, "\(name): the reference received gradients")
            }
        }
    }

    func testGRPOLossGradientMatchesFiniteDifferences() throws {
        for (name, model, prompt) in try fixtureModels() {
            let ids = prompt.ids(query: "heap queue", document: "Heap queue algorithm.")
            let policy = try TrainingPolicy(model, trainable: .all, seed: 1)
            let batch = completions(vocabulary: model.config.vocabularySize, seed: 9)
            let norm = try XCTUnwrap(policy.parameters["model.norm.weight"])
            let old = oldLogProbabilities(policy, prompt: ids, completions: batch)
            let report = GradCheck.check([norm], epsilon: 1e-2) { _ in groupLoss(policy, prompt: ids, completions: batch, shared: true, old: old) }
            XCTAssertTrue(report.passed, "\(name): \(report)")
        }
    }

    private func pairs(_ count: Int) -> [TrainingPair] {
        (0..<count).map { i in
            TrainingPair(query: Query(id: "q\(i)", text: "query \(i) about lists"),
                         document: Document(id: "d\(i)", text: i % 2 == 0 ? "lists and arrays" : "network sockets"),
                         label: i % 2 == 0 ? 1 : 0, grade: i % 2 == 0 ? 1 : 0, target: i % 2 == 0 ? 1 : 0, source: i % 2 == 0 ? nil : .random)
        }
    }

    func testTrainingIsDeterministicForASeed() throws {
        let (_, model, prompt) = try XCTUnwrap(fixtureModels().first)
        var p = GRPOParameters()
        (p.steps, p.groupSize, p.promptsPerStep, p.maxNewTokens, p.learningRate, p.seed) = (3, 4, 2, 3, 1e-3, 42)
        p.dynamicSampling = true
        p.maxResamplesPerStep = 2
        let logs = try (0..<2).map { _ in
            try GRPOTrainer(model: model, prompt: prompt, pairs: pairs(6), rewards: [.format, .accuracy, .confidence], parameters: p).train()
        }
        XCTAssertEqual(logs[0], logs[1])
        XCTAssertEqual(logs[0].stepCount, 3)
        for metric in ["reward", "reward_std", "format", "accuracy", "zero_spread", "kl", "clip_fraction", "completion_length", "loss",
                       "seconds", "reward/format", "reward/accuracy", "reward/confidence"] {
            XCTAssertEqual(logs[0][metric].count, 3, metric)
        }
        XCTAssertTrue(logs[0]["format"].allSatisfy { (0...1).contains($0) })
    }

    /// LoRA: only the adapters train, the KL reference is the base (adapters off, no copy), and the merged model
    /// gives the adapted policy's logits while the starting model keeps its own.
    func testLoRATrainingMergesIntoACopy() throws {
        for (name, model, prompt) in try fixtureModels() {
            var p = GRPOParameters()
            (p.steps, p.groupSize, p.promptsPerStep, p.maxNewTokens, p.learningRate, p.seed) = (2, 4, 2, 2, 5e-2, 3)
            p.trainable = .lora(LoRAConfiguration(rank: 4, alpha: 8, targets: [.query, .value, .down]))
            let before = model.parameters.tensors.map(\.scalars)
            // A reward that varies with the sampled tokens, so that the untrained model's groups have a spread.
            let varied = Reward(name: "first-token") { Double($0.completionIDs[0] % 7) }
            let trainer = try GRPOTrainer(model: model, prompt: prompt, pairs: pairs(4), rewards: [.format, varied], parameters: p)
            XCTAssertTrue(trainer.policy.parameters.names.allSatisfy { $0.contains("lora_") }, name)
            try trainer.train()
            XCTAssertEqual(model.parameters.tensors.map(\.scalars), before, "\(name): the starting model changed")
            let merged = try trainer.policy.mergedModel()
            let ids = prompt.ids(query: "lists", document: "sorted lists")
            let adapted = withoutGrad { trainer.model.logits(trainer.model.forward([ids]).hidden, positions: [ids.count - 1]) }
            let folded = withoutGrad { merged.logits(merged.forward([ids]).hidden, positions: [ids.count - 1]) }
            let base = withoutGrad { model.logits(model.forward([ids]).hidden, positions: [ids.count - 1]) }
            let scale = adapted.scalars.map(abs).max()!
            XCTAssertLessThanOrEqual(zip(adapted.scalars, folded.scalars).map { abs($0 - $1) }.max()!, 1e-5 * scale, name)
            XCTAssertGreaterThan(zip(adapted.scalars, base.scalars).map { abs($0 - $1) }.max()!, 1e-4 * scale, "\(name): the adapters did not train")
            XCTAssertEqual(model.parameters.tensors.map(\.scalars), before, "\(name): merging changed the starting model")
        }
    }

    func testBadParametersFailBeforeAnyWork() throws {
        let (_, model, prompt) = try XCTUnwrap(fixtureModels().first)
        func fails(_ change: (inout GRPOParameters) -> Void, rewards: [Reward] = [.format], pairs: [TrainingPair]? = nil, _ fragment: String) {
            var p = GRPOParameters()
            change(&p)
            XCTAssertThrowsError(try GRPOTrainer(model: model, prompt: prompt, pairs: pairs ?? self.pairs(4), rewards: rewards, parameters: p)) {
                XCTAssertTrue("\($0)".contains(fragment), "\($0) should mention \(fragment)")
            }
        }
        fails({ $0.groupSize = 1 }, "groupSize")
        fails({ $0.temperature = 0 }, "temperature")
        fails({ $0.steps = 0 }, "steps")
        fails({ $0.trainable = .lastLayers(99) }, "lastLayers(99)")
        fails({ _ in }, rewards: [], "reward")
        fails({ _ in }, pairs: [], "no training pairs")
        fails({ _ in }, pairs: Array(pairs(4).filter { $0.label == 1 }), "balanced")
    }
}
