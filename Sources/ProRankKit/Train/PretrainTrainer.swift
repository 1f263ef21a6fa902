// Next-token pretraining on a corpus: how a tiny model made from scratch (tokenizer trained on the collection,
// random weights) learns the collection's language before the method is applied to it — and the "continued
// pretraining" baseline for real models.

import Foundation

/// Everything that defines a pretraining run.
public struct PretrainParameters: Sendable, Equatable {
    public var steps = 200
    /// Rows per step.
    public var batchSize = 8
    /// Tokens per row (the texts are concatenated, each followed by the end-of-text id, and cut into blocks).
    public var contextLength = 64
    public var learningRate: Float = 3e-3
    public var schedule: LearningRateSchedule = .constant
    public var weightDecay: Float = 0.01
    public var maxGradNorm: Float = 1
    public var trainable: Trainable = .all
    public var seed: UInt64 = 0

    public init() {}
}

/// Trains the mean next-token cross-entropy (`DecoderLM.loss`) on blocks of tokenized text.
public final class PretrainTrainer: StepTrainer {
    public let parameters: PretrainParameters
    /// The token blocks, each `contextLength` ids.
    public let blocks: [[Int]]
    public let policy: TrainingPolicy
    public let optimizer: AdamW
    public var counters: TrainerCounters

    /// `texts` are tokenized with `tokenizer` (special tokens written in them are not parsed), each followed by
    /// `endOfText` (default: the model's first EOS id), concatenated and cut into blocks; a last partial block is
    /// dropped.
    public init(model: DecoderLM, tokenizer: Tokenizer, texts: [String], endOfText: Int? = nil, parameters: PretrainParameters) throws {
        let p = parameters
        guard p.steps >= 1, p.batchSize >= 1, p.contextLength >= 2, p.learningRate > 0, p.learningRate.isFinite, p.maxGradNorm >= 0 else {
            throw TrainingError.invalidParameter("pretraining needs steps ≥ 1, batchSize ≥ 1, contextLength ≥ 2, learningRate > 0, maxGradNorm ≥ 0; got \(p.steps), \(p.batchSize), \(p.contextLength), \(p.learningRate), \(p.maxGradNorm)")
        }
        guard p.contextLength <= model.config.maxPositionEmbeddings else {
            throw TrainingError.invalidParameter("contextLength \(p.contextLength) exceeds the model's \(model.config.maxPositionEmbeddings) positions")
        }
        let v = model.config.vocabularySize
        let eot = endOfText ?? model.config.eosTokenIDs.first
        var stream: [Int] = []
        for text in texts {
            stream += tokenizer.encode(text, parseSpecial: false)
            if let eot { stream.append(eot) }
        }
        if let bad = stream.first(where: { $0 < 0 || $0 >= v }) {
            throw TrainingError.invalidData("token id \(bad) is outside the model's vocabulary of \(v): is this the model's tokenizer?")
        }
        let count = stream.count / p.contextLength
        guard count >= 1 else {
            throw TrainingError.invalidData("the texts give \(stream.count) tokens, fewer than one block of \(p.contextLength) (hint: lower contextLength)")
        }
        blocks = (0..<count).map { Array(stream[($0 * p.contextLength)..<(($0 + 1) * p.contextLength)]) }
        self.parameters = parameters
        policy = try TrainingPolicy(model, trainable: p.trainable, seed: p.seed)
        optimizer = AdamW(policy.parameters.tensors, config: .init(learningRate: p.learningRate, weightDecay: p.weightDecay))
        counters = TrainerCounters(stream: ExampleStream(count: count, seed: p.seed))
    }

    public var model: DecoderLM { policy.model }

    @discardableResult
    public func step() throws -> [String: Double] {
        let started = Date()
        let stepIndex = completedSteps
        let batch = (0..<parameters.batchSize).map { _ in blocks[counters.stream.next()] }
        optimizer.zeroGrad()
        let hidden = policy.top(policy.trunk(batch).hidden).hidden
        let loss = model.loss(hidden: hidden, batch: batch)
        let lr = parameters.schedule.learningRate(base: parameters.learningRate, at: stepIndex)
        let norm = try update(loss, what: "the language-model loss", maxGradNorm: parameters.maxGradNorm, learningRate: lr)
        let metrics: [String: Double] = ["loss": Double(loss.item), "perplexity": Foundation.exp(Double(loss.item)),
                                         "grad_norm": Double(norm), "learning_rate": Double(lr),
                                         "seconds": Date().timeIntervalSince(started)]
        counters.finishStep(metrics)
        return metrics
    }

    public var kind: String { "pretrain" }
    public var totalSteps: Int { parameters.steps }
    public var trainedParameters: Parameters { policy.parameters }
    public var runParameters: [String: RunParameter] {
        let p = parameters
        return ["steps": .int(p.steps), "batchSize": .int(p.batchSize), "contextLength": .int(p.contextLength),
                "learningRate": .double(Double(p.learningRate)), "schedule": .string("\(p.schedule)"),
                "weightDecay": .double(Double(p.weightDecay)), "maxGradNorm": .double(Double(p.maxGradNorm)),
                "trainable": .string(p.trainable.summary), "seed": .int(Int(truncatingIfNeeded: p.seed)), "blocks": .int(blocks.count)]
    }
}
