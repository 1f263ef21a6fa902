// The supervised baseline of the ablations: fine-tuning on the label token. The model reads the ProRank prompt and
// is trained to put the gold answer ("1" or "0") next — cross-entropy over the whole vocabulary at the prompt's
// last position, the classic SFT alternative to GRPO's warmup.

import Foundation

/// Everything that defines an SFT run.
public struct SFTParameters: Sendable, Equatable {
    public var steps = 100
    public var pairsPerStep = 8
    public var learningRate: Float = 1e-5
    public var schedule: LearningRateSchedule = .constant
    public var weightDecay: Float = 0
    /// Global gradient-norm clip (0 = none).
    public var maxGradNorm: Float = 1
    /// Equal numbers of positive and negative pairs per step.
    public var balanced = true
    public var trainable: Trainable = .all
    public var seed: UInt64 = 0

    public init() {}
}

/// Trains `−log p(label token | prompt)` on labelled pairs:
///
/// ```
/// loss = mean over the step's pairs of  logsumexp(z) − z[id(label)]      z = logits at the prompt's last position
/// ```
public final class SFTTrainer: StepTrainer {
    public let parameters: SFTParameters
    public let prompt: RerankPrompt
    public let pairs: [TrainingPair]
    public let policy: TrainingPolicy
    public let optimizer: AdamW
    public var counters: TrainerCounters
    let padID: Int

    public init(model: DecoderLM, prompt: RerankPrompt, pairs: [TrainingPair], parameters: SFTParameters) throws {
        let p = parameters
        guard p.steps >= 1, p.pairsPerStep >= 1, p.learningRate > 0, p.learningRate.isFinite, p.maxGradNorm >= 0 else {
            throw TrainingError.invalidParameter("SFT needs steps ≥ 1, pairsPerStep ≥ 1, learningRate > 0 and maxGradNorm ≥ 0; got \(p.steps), \(p.pairsPerStep), \(p.learningRate), \(p.maxGradNorm)")
        }
        guard !pairs.isEmpty else { throw TrainingError.invalidData("no training pairs (is the split empty, or has it no judged positives?)") }
        let v = model.config.vocabularySize
        guard prompt.zeroID < v, prompt.oneID < v else {
            throw TrainingError.invalidParameter("the answer ids \(prompt.zeroID)/\(prompt.oneID) are outside the model's vocabulary of \(v): is this the model's tokenizer?")
        }
        let labels = pairs.map(\.label)
        if p.balanced, !(labels.contains(1) && labels.contains { $0 != 1 }) {
            throw TrainingError.invalidData("balanced batches need positive and negative pairs; these \(pairs.count) pairs have only label \(labels[0]) (hint: balanced: false)")
        }
        (self.parameters, self.prompt, self.pairs) = (parameters, prompt, pairs)
        policy = try TrainingPolicy(model, trainable: p.trainable, seed: p.seed)
        optimizer = AdamW(policy.parameters.tensors, config: .init(learningRate: p.learningRate, weightDecay: p.weightDecay))
        counters = TrainerCounters(stream: p.balanced ? ExampleStream(labels: labels, seed: p.seed) : ExampleStream(count: pairs.count, seed: p.seed))
        padID = model.config.padTokenID ?? prompt.tokenizer.padID ?? prompt.tokenizer.eosID ?? 0
    }

    public var model: DecoderLM { policy.model }

    @discardableResult
    public func step() throws -> [String: Double] {
        let started = Date()
        let stepIndex = completedSteps
        let batch = (0..<parameters.pairsPerStep).map { slot in
            pairs[counters.stream.next(pool: counters.stream.pool(forSlot: slot, step: stepIndex))]
        }
        let prompts = batch.map { prompt.ids(query: $0.query.text, document: $0.document.content) }
        let width = prompts.map(\.count).max()!
        guard width <= model.config.maxPositionEmbeddings else {
            throw TrainingError.invalidData("a prompt has \(width) tokens, more than the model's \(model.config.maxPositionEmbeddings) positions (lower maxDocumentTokens)")
        }
        let padding = prompts.map { width - $0.count }
        let rows = zip(prompts, padding).map { Array(repeating: padID, count: $1) + $0 }
        let mask = padding.contains { $0 > 0 } ? padding : nil
        optimizer.zeroGrad()
        let hidden = policy.top(policy.trunk(rows, leftPadding: mask).hidden, leftPadding: mask).hidden
        let logits = model.logits(hidden, positions: [width - 1]).reshaped([batch.count, model.config.vocabularySize])
        let targets = batch.map { $0.label == 1 ? prompt.oneID : prompt.zeroID }
        let loss = logits.crossEntropy(targets: targets)
        let lr = parameters.schedule.learningRate(base: parameters.learningRate, at: stepIndex)
        let norm = try update(loss, what: "the SFT loss", maxGradNorm: parameters.maxGradNorm, learningRate: lr)
        // Whether the model now prefers the gold answer of each pair between "0" and "1".
        let z = logits.scalars, v = model.config.vocabularySize
        let correct = batch.indices.filter { i in
            let s = z[i * v + prompt.oneID] - z[i * v + prompt.zeroID]
            return (s > 0) == (batch[i].label == 1)
        }.count
        let metrics: [String: Double] = ["loss": Double(loss.item), "accuracy": Double(correct) / Double(batch.count),
                                         "grad_norm": Double(norm), "learning_rate": Double(lr),
                                         "seconds": Date().timeIntervalSince(started)]
        counters.finishStep(metrics)
        return metrics
    }

    public var kind: String { "sft" }
    public var totalSteps: Int { parameters.steps }
    public var trainedParameters: Parameters { policy.parameters }
    public var runParameters: [String: RunParameter] {
        let p = parameters
        return ["steps": .int(p.steps), "pairsPerStep": .int(p.pairsPerStep), "learningRate": .double(Double(p.learningRate)),
                "schedule": .string("\(p.schedule)"), "weightDecay": .double(Double(p.weightDecay)),
                "maxGradNorm": .double(Double(p.maxGradNorm)), "balanced": .bool(p.balanced),
                "trainable": .string(p.trainable.summary), "seed": .int(Int(truncatingIfNeeded: p.seed)), "pairs": .int(pairs.count)]
    }
}
