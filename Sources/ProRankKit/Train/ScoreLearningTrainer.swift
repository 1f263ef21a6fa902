// Stage 2 of the method: fine-grained score learning (reference/method.md, "Stage 2"). Per step a few lists of
// one positive and n negatives; each candidate's score s = z["1"] − z["0"] at its prompt's last position (only
// the last hidden state and two head rows); a ScoreLoss over the lists; AdamW.

import Foundation

/// Everything that defines a score-learning run.
public struct ScoreLearningParameters: Sendable, Equatable {
    public var steps = 200
    /// Lists (1 positive + n negatives each) per step.
    public var listsPerStep = 2
    public var loss: ScoreLoss = .listwise
    public var learningRate: Float = 1e-4
    public var schedule: LearningRateSchedule = .constant
    public var weightDecay: Float = 0
    /// Global gradient-norm clip (0 = none).
    public var maxGradNorm: Float = 1
    public var trainable: Trainable = .all
    public var seed: UInt64 = 0
    /// With `.lastLayers(n)`: keep the frozen trunk's output of each prompt (bytes in memory, the rest spilled to
    /// disk), so that later epochs and evaluations run only the top n layers. 0 turns the cache off.
    public var trunkCacheBytes = 1 << 30

    public init() {}

    func validate() throws {
        func check(_ ok: Bool, _ message: String) throws { if !ok { throw TrainingError.invalidParameter(message) } }
        try check(trunkCacheBytes >= 0, "trunkCacheBytes must be ≥ 0, got \(trunkCacheBytes)")
        try check(steps >= 1, "steps must be ≥ 1, got \(steps)")
        try check(listsPerStep >= 1, "listsPerStep must be ≥ 1, got \(listsPerStep)")
        try check(learningRate > 0 && learningRate.isFinite, "learningRate must be > 0, got \(learningRate)")
        try check(maxGradNorm >= 0, "maxGradNorm must be ≥ 0, got \(maxGradNorm)")
    }
}

/// Trains the score s on lists built by `TrainingSamples.lists`.
///
/// ```swift
/// let lists = try TrainingSamples.lists(ds, split: "train", firstStage: bm25Run, parameters: .init(negatives: 7, hard: 4), seed: 1)
/// var p = ScoreLearningParameters(); p.trainable = .lastLayers(6)
/// let trainer = try ScoreLearningTrainer(model: warm, prompt: prompt, lists: lists, parameters: p)
/// try trainer.train()
/// ```
public final class ScoreLearningTrainer: StepTrainer {
    public let parameters: ScoreLearningParameters
    public let prompt: RerankPrompt
    public let lists: [TrainingList]
    public let policy: TrainingPolicy
    public var counters: TrainerCounters
    public let optimizer: AdamW
    let padID: Int
    /// The prompt ids of every list's candidates, tokenized once.
    let listPrompts: [[[Int]]]
    /// The frozen trunk's outputs (`.lastLayers(n)` with a cache); also usable by a Reranker of the trained model.
    public let trunkCache: TrunkCache?

    /// `trunkCache`: an existing cache to use (e.g. shared with other runs from the same start) when it serves the
    /// policy's frozen layers; otherwise one is made when `parameters.trunkCacheBytes` > 0.
    public init(model: DecoderLM, prompt: RerankPrompt, lists: [TrainingList], parameters: ScoreLearningParameters,
                trunkCache: TrunkCache? = nil) throws {
        try parameters.validate()
        guard !lists.isEmpty else { throw TrainingError.invalidData("no training lists (has the split judged positives and enough documents?)") }
        if let short = lists.first(where: { $0.documents.count < 2 }) {
            throw TrainingError.invalidData("the list of query \(short.query.id) has no negative: score learning needs 1 positive + n ≥ 1 negatives")
        }
        let v = model.config.vocabularySize
        guard prompt.zeroID < v, prompt.oneID < v else {
            throw TrainingError.invalidParameter("the answer ids \(prompt.zeroID)/\(prompt.oneID) are outside the model's vocabulary of \(v): is this the model's tokenizer?")
        }
        (self.parameters, self.prompt, self.lists) = (parameters, prompt, lists)
        policy = try TrainingPolicy(model, trainable: parameters.trainable, seed: parameters.seed)
        optimizer = AdamW(policy.parameters.tensors, config: .init(learningRate: parameters.learningRate, weightDecay: parameters.weightDecay))
        counters = TrainerCounters(stream: ExampleStream(count: lists.count, seed: parameters.seed))
        padID = model.config.padTokenID ?? prompt.tokenizer.padID ?? prompt.tokenizer.eosID ?? 0
        if policy.trunkLayers > 0, let given = trunkCache, given.layers == policy.trunkLayers, given.serves(policy.model) {
            self.trunkCache = given
        } else {
            self.trunkCache = policy.trunkLayers > 0 && parameters.trunkCacheBytes > 0
                ? try TrunkCache(model: model, layers: policy.trunkLayers, memoryLimit: parameters.trunkCacheBytes) : nil
        }
        listPrompts = lists.map { list in list.documents.map { prompt.ids(query: list.query.text, document: $0.content) } }
        let longest = listPrompts.joined().map(\.count).max()!
        guard longest <= model.config.maxPositionEmbeddings else {
            throw TrainingError.invalidData("a prompt has \(longest) tokens, more than the model's \(model.config.maxPositionEmbeddings) positions (lower maxDocumentTokens)")
        }
    }

    /// The trained model (shares the frozen tensors of the starting model, which is unchanged).
    public var model: DecoderLM { policy.model }

    /// Scores [n] of the prompts of one list, with gradient: one left-padded batch through the trunk and the top.
    public func scores(prompts: [[Int]]) throws -> Tensor {
        if let trunkCache { return try trunkCache.scores(prompts, scorer: model, one: prompt.oneID, zero: prompt.zeroID) }
        let width = prompts.map(\.count).max()!
        let padding = prompts.map { width - $0.count }
        let rows = zip(prompts, padding).map { Array(repeating: padID, count: $1) + $0 }
        let mask = padding.contains { $0 > 0 } ? padding : nil
        let (h, _) = policy.trunk(rows, leftPadding: mask)
        let hidden = policy.top(h, leftPadding: mask).hidden
        return model.logits(hidden, position: width - 1, vocabularyRows: [prompt.oneID, prompt.zeroID]).relevanceScores(one: 0, zero: 1)
    }

    /// Targets of a list for `loss`: binary labels (positive first) for pointwise BCE, grade / maxGrade otherwise.
    func targets(_ list: TrainingList) -> [Double] {
        parameters.loss == .pointwise ? list.documents.indices.map { $0 == 0 ? 1 : 0 } : list.targets
    }

    @discardableResult
    public func step() throws -> [String: Double] {
        let started = Date()
        let stepIndex = completedSteps
        let drawn = (0..<parameters.listsPerStep).map { _ in counters.stream.next() }
        let batch = drawn.map { lists[$0] }
        optimizer.zeroGrad()
        let scores = Tensor.concat(try drawn.map { try self.scores(prompts: listPrompts[$0]) }, axis: 0)
        let loss = parameters.loss.loss(scores: scores, listSizes: batch.map(\.documents.count), targets: batch.flatMap(targets))
        let lr = parameters.schedule.learningRate(base: parameters.learningRate, at: stepIndex)
        let norm = try update(loss, what: "the \(parameters.loss.rawValue) loss", maxGradNorm: parameters.maxGradNorm, learningRate: lr)

        // How often the positive outscores every negative of its list (training-batch accuracy).
        let s = scores.scalars
        var offset = 0, topOne = 0, margin = 0.0
        for list in batch {
            let row = s[offset..<(offset + list.documents.count)]
            if row.dropFirst().allSatisfy({ $0 < row.first! }) { topOne += 1 }
            margin += Double(row.first! - row.dropFirst().max()!)
            offset += list.documents.count
        }
        let metrics: [String: Double] = [
            "loss": Double(loss.item), "grad_norm": Double(norm), "learning_rate": Double(lr),
            "positive_first": Double(topOne) / Double(batch.count), "margin": margin / Double(batch.count),
            "seconds": Date().timeIntervalSince(started),
        ]
        counters.finishStep(metrics)
        return metrics
    }

    // MARK: StepTrainer

    public var kind: String { "score-learning" }
    public var totalSteps: Int { parameters.steps }
    public var trainedParameters: Parameters { policy.parameters }

    public var runParameters: [String: RunParameter] {
        let p = parameters
        return [
            "steps": .int(p.steps), "listsPerStep": .int(p.listsPerStep), "loss": .string(p.loss.rawValue),
            "learningRate": .double(Double(p.learningRate)), "schedule": .string("\(p.schedule)"),
            "weightDecay": .double(Double(p.weightDecay)), "maxGradNorm": .double(Double(p.maxGradNorm)),
            "trainable": .string(p.trainable.summary), "seed": .int(Int(truncatingIfNeeded: p.seed)),
            "trunkCache": .bool(trunkCache != nil), "lists": .int(lists.count), "negatives": .int((lists.first?.documents.count ?? 1) - 1),
            "model": .string("\(policy.reference.config.family.rawValue) \(policy.reference.config.layerCount) layers"),
        ]
    }
}
