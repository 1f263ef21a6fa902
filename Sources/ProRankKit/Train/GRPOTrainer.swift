// Stage 1 of the method: GRPO prompt warmup (reference/method.md, "Stage 1"). Per step: prompts drawn from the
// labelled pairs (balanced or not), G completions sampled per prompt, rewards, group advantages, the policy's,
// old and reference log-probs with the prompt shared by its group, the GRPOObjective, AdamW.

import Foundation

/// Everything that defines a GRPO run. Defaults follow TRL early 2025 where the paper is silent.
public struct GRPOParameters: Sendable, Equatable {
    public var steps = 100
    /// Completions per prompt (G ≥ 2: a group of one has no spread).
    public var groupSize = 8
    public var promptsPerStep = 4
    public var learningRate: Float = 1e-6
    public var schedule: LearningRateSchedule = .constant
    public var weightDecay: Float = 0
    /// Global gradient-norm clip (0 = none).
    public var maxGradNorm: Float = 1
    /// Sampling temperature; log-probs are taken at the same temperature (logits / T, as TRL).
    public var temperature: Float = 1
    public var topP: Float = 1
    public var topK = 0
    public var maxNewTokens = 4
    public var objective = GRPOObjective()
    public var scaleRewards: AdvantageScaling = .group
    /// The mean a reward is compared with: its group's (GRPO) or the batch's (lets a per-prompt reward such as
    /// `Reward.confidence` act when every answer of a group agrees).
    public var baseline: AdvantageBaseline = .group
    /// μ: optimiser steps per sampled batch (old log-probs stored before the first).
    public var iterations = 1
    /// Equal numbers of positive and negative prompts per step.
    public var balanced = true
    /// DAPO's dynamic sampling: a group whose rewards are all equal is dropped and replaced by a fresh prompt of
    /// the same class, at most `maxResamplesPerStep` times per step.
    public var dynamicSampling = false
    public var maxResamplesPerStep = 8
    public var trainable: Trainable = .all
    public var seed: UInt64 = 0

    public init() {}

    func validate() throws {
        func check(_ ok: Bool, _ message: String) throws { if !ok { throw TrainingError.invalidParameter(message) } }
        try check(steps >= 1, "steps must be ≥ 1, got \(steps)")
        try check(groupSize >= 2, "groupSize must be ≥ 2 (a group of one has no reward spread), got \(groupSize)")
        try check(promptsPerStep >= 1, "promptsPerStep must be ≥ 1, got \(promptsPerStep)")
        try check(learningRate > 0 && learningRate.isFinite, "learningRate must be > 0, got \(learningRate)")
        try check(temperature > 0 && temperature.isFinite, "temperature must be > 0 (GRPO samples), got \(temperature)")
        try check(topP > 0 && topP <= 1, "topP must be in (0, 1], got \(topP)")
        try check(topK >= 0, "topK must be ≥ 0, got \(topK)")
        try check(maxNewTokens >= 1, "maxNewTokens must be ≥ 1, got \(maxNewTokens)")
        try check(iterations >= 1, "iterations must be ≥ 1, got \(iterations)")
        try check(objective.beta >= 0, "beta must be ≥ 0, got \(objective.beta)")
        try check(objective.epsilonLow >= 0 && objective.epsilonLow < 1 && objective.epsilonHigh >= 0,
                  "epsilons must satisfy 0 ≤ ε_low < 1 and ε_high ≥ 0, got \(objective.epsilonLow), \(objective.epsilonHigh)")
        try check(maxResamplesPerStep >= 0, "maxResamplesPerStep must be ≥ 0")
    }
}

/// One training prompt of GRPO: its token ids and what rewards see of it.
public struct GRPOExample: Sendable {
    public let promptIDs: [Int]
    /// The gold label (1 relevant, 0 not).
    public let label: Int
    public let query: String
    public let document: String
    /// Names the example in errors.
    public let name: String

    public init(promptIDs: [Int], label: Int, query: String = "", document: String = "", name: String = "") {
        (self.promptIDs, self.label, self.query, self.document, self.name) = (promptIDs, label, query, document, name)
    }
}

/// How GRPO reads a completion: the end markers, the text rewards see, and the answer tokens whose probabilities
/// `RewardContext` carries.
public struct CompletionReader: @unchecked Sendable {
    public let stopTokens: Set<Int>
    public let zeroID: Int
    public let oneID: Int
    /// The text of completion ids (end markers already removed).
    public let decode: ([Int]) throws -> String

    public init(stopTokens: Set<Int>, zeroID: Int, oneID: Int, decode: @escaping ([Int]) throws -> String) {
        (self.stopTokens, self.zeroID, self.oneID, self.decode) = (stopTokens, zeroID, oneID, decode)
    }

    /// The ProRank prompt's reader: `<|im_end|>` and the model's EOS ids end a completion; "0"/"1" as the prompt
    /// looked them up; text from the prompt's tokenizer.
    public init(prompt: RerankPrompt, model: DecoderLM) {
        let tokenizer = prompt.tokenizer
        self.init(stopTokens: Set([tokenizer.id(of: "<|im_end|>")].compactMap { $0 } + model.config.eosTokenIDs),
                  zeroID: prompt.zeroID, oneID: prompt.oneID, decode: { try tokenizer.decode($0) })
    }
}

/// One prompt's sampled group with its rewards.
struct ScoredGroup {
    let pair: Int
    let prompt: [Int]
    let completions: [[Int]]
    let contexts: [RewardContext]
    /// [G][K] reward of each completion under each reward function.
    let rewards: [[Double]]
}

/// Runs GRPO on labelled prompts (ProRank prompts of labelled pairs, or any prompt ids with a reader).
///
/// ```swift
/// let pairs = try TrainingSamples.pairs(ds, split: "train", firstStage: bm25Run, seed: 1)
/// var p = GRPOParameters(); p.steps = 50; p.trainable = .lastLayers(6)
/// let trainer = try GRPOTrainer(model: slm, prompt: RerankPrompt(tokenizer: tok), pairs: pairs,
///                               rewards: [.format, .accuracy], parameters: p)
/// let result = try trainer.train { progress in print(progress.metrics["reward"]!); return true }
/// ```
public final class GRPOTrainer: StepTrainer {
    public let parameters: GRPOParameters
    public let examples: [GRPOExample]
    public let reader: CompletionReader
    public let rewards: [Reward]
    public let policy: TrainingPolicy
    public var counters: TrainerCounters
    public let optimizer: AdamW
    let padID: Int

    /// GRPO on the ProRank prompts of labelled pairs. Checks everything before any work.
    public convenience init(model: DecoderLM, prompt: RerankPrompt, pairs: [TrainingPair], rewards: [Reward] = [.format, .accuracy],
                            parameters: GRPOParameters) throws {
        guard !pairs.isEmpty else { throw TrainingError.invalidData("no training pairs (is the split empty, or has it no judged positives?)") }
        let examples = pairs.map { pair in
            GRPOExample(promptIDs: prompt.ids(query: pair.query.text, document: pair.document.content), label: pair.label,
                        query: pair.query.text, document: pair.document.content, name: "query \(pair.query.id) / document \(pair.document.id)")
        }
        try self.init(model: model, examples: examples, reader: CompletionReader(prompt: prompt, model: model),
                      rewards: rewards, parameters: parameters)
    }

    /// GRPO on any labelled prompts. Checks parameters, rewards, data and the model before any work.
    public init(model: DecoderLM, examples: [GRPOExample], reader: CompletionReader, rewards: [Reward] = [.format, .accuracy],
                parameters: GRPOParameters) throws {
        try parameters.validate()
        guard !rewards.isEmpty else { throw TrainingError.invalidParameter("rewards: give at least one reward function") }
        if let bad = rewards.first(where: { !$0.weight.isFinite }) { throw TrainingError.invalidParameter("reward \(bad.name) has weight \(bad.weight)") }
        guard !examples.isEmpty else { throw TrainingError.invalidData("no training prompts (is the split empty, or has it no judged positives?)") }
        let v = model.config.vocabularySize
        guard reader.zeroID < v, reader.oneID < v, reader.zeroID >= 0, reader.oneID >= 0 else {
            throw TrainingError.invalidParameter("the answer ids \(reader.zeroID)/\(reader.oneID) are outside the model's vocabulary of \(v): is this the model's tokenizer?")
        }
        let positions = model.config.maxPositionEmbeddings
        for example in examples {
            guard !example.promptIDs.isEmpty, example.promptIDs.allSatisfy({ $0 >= 0 && $0 < v }) else {
                throw TrainingError.invalidData("the prompt of \(example.name) is empty or holds ids outside the vocabulary of \(v)")
            }
            guard example.promptIDs.count + parameters.maxNewTokens <= positions else {
                throw TrainingError.invalidData("the prompt of \(example.name) has \(example.promptIDs.count) tokens; with \(parameters.maxNewTokens) new tokens it exceeds the model's \(positions) positions (lower maxDocumentTokens)")
            }
        }
        let labels = examples.map(\.label)
        if parameters.balanced, !(labels.contains(1) && labels.contains { $0 != 1 }) {
            throw TrainingError.invalidData("balanced batches need positive and negative examples; these \(examples.count) have only label \(labels[0]) (hint: balanced: false)")
        }
        (self.parameters, self.examples, self.reader, self.rewards) = (parameters, examples, reader, rewards)
        policy = try TrainingPolicy(model, trainable: parameters.trainable, seed: parameters.seed)
        optimizer = AdamW(policy.parameters.tensors, config: .init(learningRate: parameters.learningRate, weightDecay: parameters.weightDecay))
        counters = TrainerCounters(stream: parameters.balanced ? ExampleStream(labels: labels, seed: parameters.seed)
                                                               : ExampleStream(count: examples.count, seed: parameters.seed))
        padID = model.config.padTokenID ?? model.config.eosTokenIDs.first ?? 0
    }

    /// The trained model (shares the frozen tensors of the starting model, which is unchanged).
    public var model: DecoderLM { policy.model }

    // MARK: StepTrainer

    public var kind: String { "grpo" }
    public var totalSteps: Int { parameters.steps }
    public var trainedParameters: Parameters { policy.parameters }

    public var runParameters: [String: RunParameter] {
        let p = parameters, o = p.objective
        return [
            "steps": .int(p.steps), "groupSize": .int(p.groupSize), "promptsPerStep": .int(p.promptsPerStep),
            "learningRate": .double(Double(p.learningRate)), "schedule": .string("\(p.schedule)"),
            "weightDecay": .double(Double(p.weightDecay)), "maxGradNorm": .double(Double(p.maxGradNorm)),
            "temperature": .double(Double(p.temperature)), "topP": .double(Double(p.topP)), "topK": .int(p.topK),
            "maxNewTokens": .int(p.maxNewTokens), "lossType": .string(o.lossType.rawValue), "beta": .double(o.beta),
            "epsilonLow": .double(o.epsilonLow), "epsilonHigh": .double(o.epsilonHigh),
            "importanceSampling": .string(o.importanceSampling.rawValue), "scaleRewards": .string(p.scaleRewards.rawValue), "baseline": .string(p.baseline.rawValue),
            "iterations": .int(p.iterations), "balanced": .bool(p.balanced), "dynamicSampling": .bool(p.dynamicSampling),
            "maxResamplesPerStep": .int(p.maxResamplesPerStep), "trainable": .string(p.trainable.summary),
            "seed": .int(Int(truncatingIfNeeded: p.seed)), "examples": .int(examples.count),
            "rewards": .string(rewards.map { "\($0.name)×\($0.weight)" }.joined(separator: ", ")),
            "model": .string("\(policy.reference.config.family.rawValue) \(policy.reference.config.layerCount) layers"),
        ]
    }

    /// One GRPO step: sample, reward, update. Returns and logs its metrics.
    @discardableResult
    public func step() throws -> [String: Double] {
        let started = Date()
        let stepIndex = completedSteps
        var sampler = Sampler(temperature: parameters.temperature, topK: parameters.topK, topP: parameters.topP,
                              seed: parameters.seed &+ 0x51_7CC1_B727_220A &* UInt64(stepIndex + 1))
        var groups: [ScoredGroup] = []
        var sampledGroups = 0, zeroSpreadGroups = 0, resamples = 0
        let weights = rewards.map(\.weight)
        for slot in 0..<parameters.promptsPerStep {
            let pool = counters.stream.pool(forSlot: slot, step: stepIndex)
            while true {
                let group = try sampleGroup(pair: counters.stream.next(pool: pool), sampler: &sampler)
                sampledGroups += 1
                let totals = group.rewards.map { zip($0, weights).reduce(0) { $0 + $1.0 * $1.1 } }
                let flat = totals.allSatisfy { $0 == totals[0] }
                if flat { zeroSpreadGroups += 1 }
                if flat && parameters.dynamicSampling && resamples < parameters.maxResamplesPerStep {
                    resamples += 1
                    continue
                }
                groups.append(group)
                break
            }
        }
        let g = parameters.groupSize
        let advantages = GRPOAdvantages(rewardsPerFunction: groups.flatMap(\.rewards), weights: weights, groupSize: g,
                                        scaling: parameters.scaleRewards, baseline: parameters.baseline)
        let masks = groups.map { group in
            let length = group.completions.map(\.count).max()!
            return group.completions.map { c in (0..<length).map { $0 < c.count } }
        }
        let batchTokens = masks.reduce(0) { $0 + $1.reduce(0) { $0 + $1.filter { $0 }.count } }
        let temperature = parameters.temperature
        func logProbs(_ group: ScoredGroup, reference: Bool) -> [[Float]] {
            let t = policy.completionLogProbabilities(prompt: group.prompt, completions: group.completions,
                                                      temperature: temperature, padID: padID, useReference: reference)
            let (rows, columns) = (t.shape[0], t.shape[1]), values = t.scalars
            return (0..<rows).map { Array(values[($0 * columns)..<(($0 + 1) * columns)]) }
        }
        let referenceLogProbs = parameters.objective.beta == 0 ? nil : withoutGrad { groups.map { logProbs($0, reference: true) } }
        let oldLogProbs = parameters.iterations == 1 ? nil : withoutGrad { groups.map { logProbs($0, reference: false) } }

        var loss = 0.0, klSum = 0.0, clipSum = 0.0, gradNorm: Float = 0
        for _ in 0..<parameters.iterations {
            optimizer.zeroGrad()
            (loss, klSum, clipSum) = (0, 0, 0)
            for (k, group) in groups.enumerated() {
                let logp = policy.completionLogProbabilities(prompt: group.prompt, completions: group.completions,
                                                             temperature: temperature, padID: padID)
                let (part, details) = parameters.objective.loss(
                    logProbabilities: logp, old: oldLogProbs?[k], reference: referenceLogProbs?[k], mask: masks[k],
                    advantages: Array(advantages.advantages[(k * g)..<((k + 1) * g)]),
                    maxCompletionLength: parameters.maxNewTokens, batchCompletions: groups.count * g, batchTokens: batchTokens)
                part.backward()
                let tokens = Double(masks[k].reduce(0) { $0 + $1.filter { $0 }.count })
                loss += Double(part.item)
                klSum += details.meanKL * tokens
                clipSum += details.clipFraction * tokens
            }
            gradNorm = parameters.maxGradNorm > 0 ? clipGradNorm(policy.parameters.tensors, maxNorm: parameters.maxGradNorm)
                                                  : clipGradNorm(policy.parameters.tensors, maxNorm: .infinity)
            guard loss.isFinite else { throw TrainingError.nonFinite(step: stepIndex + 1, what: "the GRPO loss") }
            guard gradNorm.isFinite else { throw TrainingError.nonFinite(step: stepIndex + 1, what: "the gradient norm") }
            optimizer.step(learningRate: parameters.schedule.learningRate(base: parameters.learningRate, at: stepIndex))
        }
        optimizer.zeroGrad()

        let contexts = groups.flatMap(\.contexts)
        let n = Double(contexts.count)
        var metrics: [String: Double] = [
            "reward": advantages.rewards.reduce(0, +) / n,
            "reward_std": stride(from: 0, to: advantages.groupStd.count, by: g).reduce(0) { $0 + advantages.groupStd[$1] } / Double(groups.count),
            "format": Double(contexts.filter(\.isWellFormed).count) / n,
            "accuracy": Double(contexts.filter { $0.answer == $0.label }.count) / n,
            "zero_spread": Double(zeroSpreadGroups) / Double(sampledGroups),
            "resampled": Double(resamples),
            "kl": klSum / Double(max(1, batchTokens)),
            "clip_fraction": clipSum / Double(max(1, batchTokens)),
            "completion_length": Double(groups.reduce(0) { $0 + $1.completions.reduce(0) { $0 + $1.count } }) / n,
            "loss": loss,
            "grad_norm": Double(gradNorm),
            "learning_rate": Double(parameters.schedule.learningRate(base: parameters.learningRate, at: stepIndex)),
        ]
        for (k, reward) in rewards.enumerated() {
            metrics["reward/\(reward.name)"] = groups.reduce(0) { $0 + $1.rewards.reduce(0) { $0 + $1[k] } } / n
        }
        metrics["seconds"] = Date().timeIntervalSince(started)
        counters.finishStep(metrics)
        return metrics
    }

    /// Samples G completions for example `index` with the current policy and scores them.
    func sampleGroup(pair index: Int, sampler: inout Sampler) throws -> ScoredGroup {
        let example = examples[index], ids = example.promptIDs
        let stops = reader.stopTokens
        let sampled = policy.model.sampleGroup(prompt: ids, count: parameters.groupSize, maxNewTokens: parameters.maxNewTokens,
                                               sampler: &sampler, stopTokens: stops)
        let (p0, p1) = Self.answerProbabilities(sampled.promptLogits, zero: reader.zeroID, one: reader.oneID)
        let contexts = try sampled.completions.map { completion -> RewardContext in
            let text = try reader.decode(completion.filter { !stops.contains($0) })
            return RewardContext(completion: text.trimmingCharacters(in: .whitespacesAndNewlines), completionIDs: completion,
                                 label: example.label, query: example.query, document: example.document,
                                 probabilityZero: p0, probabilityOne: p1)
        }
        let scores = try contexts.map { context in
            try rewards.map { reward -> Double in
                let r = try reward.function(context)
                guard r.isFinite else { throw TrainingError.invalidData("reward \(reward.name) returned \(r) for completion \(context.completion.debugDescription)") }
                return r
            }
        }
        return ScoredGroup(pair: index, prompt: ids, completions: sampled.completions, contexts: contexts, rewards: scores)
    }

    /// p("0"), p("1") under softmax(logits) over the whole vocabulary.
    static func answerProbabilities(_ logits: [Float], zero: Int, one: Int) -> (Double, Double) {
        let m = Double(logits.max() ?? 0)
        let total = logits.reduce(0.0) { $0 + Foundation.exp(Double($1) - m) }
        return (Foundation.exp(Double(logits[zero]) - m) / total, Foundation.exp(Double(logits[one]) - m) / total)
    }
}
